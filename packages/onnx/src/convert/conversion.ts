import type { Tensor } from '@torchlet/autograd';
import { formatShape, type NDArray, type Storage } from '@torchlet/tensor';
import { OnnxExportError, describeScope, type ModuleScope } from '../errors.js';
import { GraphBuilder } from '../graph/graph-builder.js';
import { tensorData } from '../graph/tensor-data.js';
import type { RecordedOp, Run } from '../trace/record-run.js';

/** A constant the graph holds: a tensor no traced op made (a literal, zeros for a state, ...). */
export interface ConstantUse {
  readonly name: string;
  readonly tensor: Tensor;
  /** Where it was first read: the op and its module. */
  readonly op: string;
  readonly scope: ModuleScope;
}

/** A recurrent layer's packed output [Y; Y_h; Y_c]: the ONNX values its views read. */
export interface RecurrentParts {
  readonly steps: number;
  /** Y as [T, B, H] (the direction squeezed out). */
  readonly output: string;
  /** Y_h and Y_c as [B, H]. */
  readonly hidden: string;
  readonly cell: string | null;
}

export interface ConversionSetup {
  readonly run: Run;
  /** The run on inputs grown along the dynamic axes, op for op like `run`; null without dynamic axes. */
  readonly twinRun: Run | null;
  /** Each tensor of `run` to the tensor in the same place of `twinRun`. */
  readonly twins: ReadonlyMap<Tensor, Tensor>;
  readonly opset: number;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Parameters and buffers by their state-dict keys. */
  readonly stateKeys: ReadonlyMap<Tensor, string>;
}

const sameLayout = (a: NDArray, b: NDArray): boolean =>
  a.offset === b.offset &&
  formatShape(a.shape) === formatShape(b.shape) &&
  a.strides.length === b.strides.length &&
  a.strides.every((s, i) => s === b.strides[i]);

/**
 * What the graph knows about the run's tensors while its ops are converted: each one's ONNX
 * value (a graph input, an initializer named by its state-dict key, a node's output or a
 * constant), and whether it depends on the graph's inputs (if not, its value is known now).
 */
export class Conversion {
  readonly builder = new GraphBuilder();
  readonly constants: ConstantUse[] = [];
  private readonly recurrentParts = new Map<Tensor, RecurrentParts>();
  private readonly names = new Map<Tensor, string>();
  private readonly dependent = new Set<Tensor>();
  private readonly byStorage = new Map<Storage, Tensor[]>();
  private readonly producers = new Map<Tensor, RecordedOp>();

  constructor(readonly setup: ConversionSetup) {
    for (const op of setup.run.ops) this.producers.set(op.output, op);
    setup.run.inputs.forEach((input, i) => {
      const name = setup.inputNames[i]!;
      this.builder.reserve(name);
      this.names.set(input, name);
      this.dependent.add(input);
      this.index(input);
    });
    for (const [tensor, key] of setup.stateKeys) {
      this.builder.reserve(key);
      this.index(tensor);
    }
    for (const name of setup.outputNames) this.builder.reserve(name);
  }

  private isKnown(tensor: Tensor): boolean {
    return this.names.has(tensor) || this.setup.stateKeys.has(tensor);
  }

  /** The known tensor with `tensor`'s storage and layout (what `.data`/`detach()` make without an op). */
  private aliasOf(tensor: Tensor): Tensor | undefined {
    return this.byStorage.get(tensor.array.storage)?.find((known) => sameLayout(known.array, tensor.array));
  }

  private index(tensor: Tensor): void {
    const list = this.byStorage.get(tensor.array.storage);
    if (list === undefined) this.byStorage.set(tensor.array.storage, [tensor]);
    else list.push(tensor);
  }

  /**
   * The known tensor `tensor` stands for: itself, or the input, state or op output it aliases
   * (`.data` and `detach()` share storage without an op). A tensor that views part of a known
   * one without an op was made outside torchlet's ops and cannot be followed.
   */
  private resolve(tensor: Tensor, op: string, scope: ModuleScope): Tensor {
    if (this.isKnown(tensor)) return tensor;
    const alias = this.aliasOf(tensor);
    if (alias !== undefined) return alias;
    if (this.byStorage.has(tensor.array.storage)) {
      throw new OnnxExportError(
        `exportOnnx: op '${op}' in ${describeScope(scope)} reads a tensor of shape ${formatShape(tensor.shape)} that shares memory with a traced one but was made without a torchlet op (through .array?); the trace cannot follow it`,
      );
    }
    return tensor;
  }

  /** The ONNX value of `tensor` as `op` reads it; state and constants get their initializer on first use. */
  value(tensor: Tensor, op: string, scope: ModuleScope): string {
    const known = this.resolve(tensor, op, scope);
    const name = this.names.get(known);
    if (name !== undefined) return name;
    const key = this.setup.stateKeys.get(known);
    if (key !== undefined) {
      this.builder.initializer(key, tensorData(known.array));
      this.names.set(known, key);
      return key;
    }
    const constant = this.builder.unique(`${scopePrefix(scope)}/Constant`);
    this.builder.initializer(constant, tensorData(known.array));
    this.names.set(known, constant);
    this.constants.push({ name: constant, tensor: known, op, scope });
    return constant;
  }

  /** The op that computed `tensor`, or null for an input, state or a constant. */
  producer(tensor: Tensor): RecordedOp | null {
    return this.producers.get(tensor) ?? null;
  }

  /** Whether `tensor`'s value depends on the graph's inputs (state and constants do not). */
  isDependent(tensor: Tensor): boolean {
    if (this.dependent.has(tensor)) return true;
    if (this.isKnown(tensor)) return false;
    const alias = this.aliasOf(tensor);
    return alias !== undefined && this.dependent.has(alias);
  }

  /** Gives an op's output its ONNX value. */
  bind(tensor: Tensor, name: string, dependsOnInputs: boolean): void {
    this.names.set(tensor, name);
    if (dependsOnInputs) this.dependent.add(tensor);
    this.index(tensor);
  }

  /** Gives a recurrent layer's packed output its parts (the views that read it take them). */
  bindRecurrent(tensor: Tensor, parts: RecurrentParts, dependsOnInputs: boolean): void {
    this.recurrentParts.set(tensor, parts);
    if (dependsOnInputs) this.dependent.add(tensor);
  }

  /** The parts of a recurrent layer's packed output, or undefined for any other tensor. */
  recurrent(tensor: Tensor): RecurrentParts | undefined {
    return this.recurrentParts.get(tensor);
  }

  /** Whether the op's output has been given a value (or recorded as a recurrent layer's parts). */
  isBound(tensor: Tensor): boolean {
    return this.names.has(tensor) || this.recurrentParts.has(tensor);
  }

  /** The value of an output tensor, as the graph's outputs read it. */
  outputValue(tensor: Tensor, scope: ModuleScope): string {
    return this.value(tensor, 'the output', scope);
  }
}

/** `/encoder/1` for module path `encoder.1`; '' for the model itself (node names read `/encoder/1/Gemm`). */
export function scopePrefix(scope: ModuleScope): string {
  return scope.path === '' ? '' : `/${scope.path.replaceAll('.', '/')}`;
}
