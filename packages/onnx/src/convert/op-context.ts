import type { Tensor, TracedOpParams } from '@torchlet/autograd';
import type { DType, NDArray } from '@torchlet/tensor';
import { UnsupportedOpError } from '../errors.js';
import { int, type Attributes } from '../graph/attributes.js';
import { ONNX_TYPE_CODES, valuesData, type OnnxType, type TensorData } from '../graph/tensor-data.js';
import type { RecordedOp } from '../trace/record-run.js';
import { tensorsOf } from '../trace/tensors-of.js';
import { scopePrefix, type Conversion } from './conversion.js';

/** A traced op with its params typed for its name. */
export interface OpOf<K extends keyof TracedOpParams> extends RecordedOp {
  readonly op: K;
  readonly params: TracedOpParams[K];
}

/** Writes one traced op as ONNX nodes and binds its output (`ctx.bind`). */
export type Converter<K extends keyof TracedOpParams> = (ctx: OpContext<K>, op: OpOf<K>) => void;

/**
 * What a converter writes one op with: the ONNX values of its tensors, nodes named after its
 * module (`/encoder/1/Gemm`), constants, and what the run on grown inputs says about sizes.
 */
export class OpContext<K extends keyof TracedOpParams = keyof TracedOpParams> {
  constructor(
    readonly conversion: Conversion,
    readonly op: OpOf<K>,
    /** The op's place in the run (the same place in the twin run). */
    private readonly position: number,
  ) {}

  get opset(): number {
    return this.conversion.setup.opset;
  }

  /** The ONNX value of a tensor the op reads. */
  value(tensor: Tensor): string {
    return this.conversion.value(tensor, this.op.op, this.op.scope);
  }

  /** Adds a node; returns its outputs. */
  nodes(opType: string, inputs: readonly string[], attributes: Attributes = {}, outputs = 1): string[] {
    return this.conversion.builder.node(`${scopePrefix(this.op.scope)}/${opType}`, opType, inputs, attributes, outputs);
  }

  /** Adds a node with one output; returns it. */
  node(opType: string, inputs: readonly string[], attributes: Attributes = {}): string {
    return this.nodes(opType, inputs, attributes)[0]!;
  }

  /** Gives the op's output (or `tensor`) the value `name`. */
  bind(name: string, tensor: Tensor = this.op.output): void {
    this.conversion.bind(tensor, name, this.dependsOnInputs());
  }

  /** Whether the op reads anything that depends on the graph's inputs. */
  dependsOnInputs(): boolean {
    return tensorsOf(this.op).some((t) => this.conversion.isDependent(t));
  }

  /** A constant initializer. */
  constant(data: TensorData, hint = 'Constant'): string {
    const name = this.conversion.builder.unique(`${scopePrefix(this.op.scope)}/${hint}`);
    this.conversion.builder.initializer(name, data);
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, starts and ends). */
  int64s(values: readonly number[], hint = 'Constant'): string {
    return this.constant(valuesData('int64', values), hint);
  }

  /** A 0-d constant of `type`. */
  scalar(value: number, type: OnnxType, hint = 'Constant'): string {
    return this.constant(valuesData(type, [value], []), hint);
  }

  /** `value` (of dtype `from`) as `to`: itself, or a Cast node. */
  cast(value: string, from: DType | 'int64', to: DType | 'int64'): string {
    return from === to ? value : this.node('Cast', [value], { to: int(ONNX_TYPE_CODES[to]) });
  }

  /** The value of `tensor` as dtype `to` (for ONNX ops that take one element type). */
  valueAs(tensor: Tensor, to: DType): string {
    return this.cast(this.value(tensor), tensor.dtype, to);
  }

  /** `tensor`'s value now, if it does not depend on the graph's inputs (state, constants, ops on them). */
  constantValue(tensor: Tensor): NDArray | null {
    return this.conversion.isDependent(tensor) ? null : tensor.array;
  }

  /** `tensor`'s shape in the run on grown inputs (its own shape when there are no dynamic axes). */
  twinShape(tensor: Tensor): readonly number[] {
    return (this.conversion.setup.twins.get(tensor) ?? tensor).shape;
  }

  /** For each dim of `tensor`: whether its size follows a dynamic axis. */
  dynamicDims(tensor: Tensor): boolean[] {
    const twin = this.twinShape(tensor);
    return tensor.shape.map((size, i) => twin[i] !== size);
  }

  /** The op's params in the run on grown inputs (its own params when there are no dynamic axes). */
  twinParams(): TracedOpParams[K] {
    const twin = this.conversion.setup.twinRun?.ops[this.position];
    return (twin?.params ?? this.op.params) as TracedOpParams[K];
  }

  /** Refuses the op: an UnsupportedOpError naming it and its module (raised only if an output needs the op). */
  fail(problem: string): never {
    const what = this.op.node === null ? `op '${this.op.op}'` : `op '${this.op.op}' (${this.op.node})`;
    throw new UnsupportedOpError(this.op.op, this.op.scope, `${what}: ${problem}`);
  }
}
