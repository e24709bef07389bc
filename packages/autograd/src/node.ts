import { formatShape, type DType, type Shape } from '@torchlet/tensor';
import { AutogradError } from './errors.js';
import type { Tensor } from './tensor.js';

// Shared empty defaults: a node gets its real arrays when it is recorded, so none is allocated here.
const NOTHING_SAVED: readonly Tensor[] = [];
const NOTHING_SAVED_VERSIONS: readonly number[] = [];
const NO_EDGES: (Node | null)[] = [];
const NO_SHAPE: Shape = [];

/**
 * A recorded op in the graph (PyTorch's `grad_fn`). `next[i]` is where the gradient of input i
 * goes: that input's own node, a leaf's `AccumulateGrad`, or null when the input takes none.
 * Rules return one gradient per input, shaped like the op's output broadcast; the engine sums
 * each back to the shape and dtype of the input's own node (`next[i].shape`/`dtype`), so no
 * rule has to.
 */
export abstract class Node {
  /** PyTorch's node name, e.g. `MulBackward0`. */
  abstract get name(): string;

  // Fields are `declare`d and assigned in the constructor: a class-field initializer shared by
  // every Node subclass sees dozens of hidden classes and defines each property the slow,
  // megamorphic way (it cost a quarter of a training step); plain assignments stay fast.
  declare next: (Node | null)[];
  /** Shape and dtype of the tensor this node produced: what its incoming gradient must have. */
  declare shape: Shape;
  declare dtype: DType;
  declare private savedTensors: readonly Tensor[] | null;
  declare private savedVersions: readonly number[];
  /** Engine bookkeeping for one backward pass. */
  declare pendingGrad: Tensor | null;
  /** Whether `pendingGrad`'s storage is referenced by nothing else (see engine.ts). */
  declare pendingExclusive: boolean;
  declare dependencies: number;
  declare pass: number;
  /** A non-leaf tensor that asked to keep its gradient (`retainGrad()`). */
  declare retainedBy: Tensor | null;
  /** A custom Function's node: its gradients come from user code, so the engine never takes them. */
  declare userCode: boolean;

  constructor() {
    this.next = NO_EDGES;
    this.shape = NO_SHAPE;
    this.dtype = 'float32';
    this.savedTensors = NOTHING_SAVED;
    this.savedVersions = NOTHING_SAVED_VERSIONS;
    this.pendingGrad = null;
    this.pendingExclusive = false;
    this.dependencies = 0;
    this.pass = 0;
    this.retainedBy = null;
    this.userCode = false;
  }

  /** Computes the gradient of each input from the gradient of the output. */
  abstract backward(grad: Tensor): (Tensor | null)[];

  /** Keeps tensors for backward, remembering their versions to detect later in-place writes. */
  saveForBackward(...tensors: Tensor[]): void {
    this.saveList(tensors);
  }

  /** `saveForBackward` of a list the caller hands over (no spread call: it runs on every op). */
  saveList(tensors: readonly Tensor[]): void {
    this.savedTensors = tensors;
    const versions = new Array<number>(tensors.length);
    for (let i = 0; i < tensors.length; i++) versions[i] = tensors[i]!.version;
    this.savedVersions = versions;
  }

  /** The saved tensors, after checking they were neither freed nor modified in place since. */
  protected saved(): readonly Tensor[] {
    const tensors = this.savedTensors;
    if (tensors === null) {
      throw new AutogradError(
        `${this.name}: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ` +
          'Saved intermediate values of the graph are freed when you call backward() or grad(). ' +
          'Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
      );
    }
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i]!;
      if (t.version !== this.savedVersions[i]) {
        const origin = t.gradFn === null ? '' : `, which is output 0 of ${t.gradFn.name},`;
        throw new AutogradError(
          `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
            `[${t.dtype} ${formatShape(t.shape)}]${origin} is at version ${t.version}; expected version ${this.savedVersions[i]} instead. ` +
            `(${this.name} saved it for backward.)`,
        );
      }
    }
    return tensors;
  }

  /**
   * Makes the node keep `to` wherever it kept `from`, at `to`'s current version: an in-place op
   * computes out of place, then its node must hold the written tensor itself (a later write to
   * it is then caught) and a private copy of the value it overwrote.
   */
  replaceSaved(from: Tensor, to: Tensor): void {
    const tensors = this.savedTensors;
    if (tensors === null || !tensors.includes(from)) return;
    this.savedTensors = tensors.map((t) => (t === from ? to : t));
    this.savedVersions = this.savedTensors.map((t, i) => (t === to ? to.version : this.savedVersions[i]!));
  }

  /** Whether `tensor` is among the saved tensors. */
  saves(tensor: Tensor): boolean {
    return this.savedTensors !== null && this.savedTensors.includes(tensor);
  }

  /** True when input `i` takes a gradient (rules skip the work otherwise). */
  needsGrad(i: number): boolean {
    return this.next[i] != null;
  }

  /** Frees the saved tensors (after a backward pass without `retainGraph`). */
  release(): void {
    if (this.savedTensors !== null && this.savedTensors.length > 0) this.savedTensors = null;
  }

  /** The nodes the gradient flows to next, one per input (PyTorch's `next_functions`). */
  get nextFunctions(): readonly (Node | null)[] {
    return this.next;
  }

  toString(): string {
    return `<${this.name}>`;
  }
}

/** The sink of a leaf tensor that requires grad: adds incoming gradients into `variable.grad`. */
export class AccumulateGrad extends Node {
  get name(): string {
    return 'AccumulateGrad';
  }

  constructor(readonly variable: Tensor) {
    super();
    this.shape = variable.shape;
    this.dtype = variable.dtype;
  }

  backward(): (Tensor | null)[] {
    throw new AutogradError('AccumulateGrad is applied by the engine, not called');
  }
}
