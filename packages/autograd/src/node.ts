import { formatShape, type DType, type Shape } from '@torchlet/tensor';
import { AutogradError } from './errors.js';
import type { Tensor } from './tensor.js';

const NOTHING_SAVED: readonly Tensor[] = [];

/**
 * A recorded op in the graph (PyTorch's `grad_fn`). `next[i]` is where the gradient of input i
 * goes: that input's own node, a leaf's `AccumulateGrad`, or null when the input takes none.
 * Rules return one gradient per input, shaped like the op's output broadcast; the engine sums
 * each back to its input's shape and dtype, so no rule has to.
 */
export abstract class Node {
  /** PyTorch's node name, e.g. `MulBackward0`. */
  abstract get name(): string;

  next: (Node | null)[] = [];
  inputShapes: Shape[] = [];
  inputDTypes: DType[] = [];

  private savedTensors: readonly Tensor[] | null = NOTHING_SAVED;
  private savedVersions: readonly number[] = [];

  /** Engine bookkeeping for one backward pass. */
  pendingGrad: Tensor | null = null;
  dependencies = 0;
  pass = 0;
  /** A non-leaf tensor that asked to keep its gradient (`retainGrad()`). */
  retainedBy: Tensor | null = null;

  /** Computes the gradient of each input from the gradient of the output. */
  abstract backward(grad: Tensor): (Tensor | null)[];

  /** Keeps tensors for backward, remembering their versions to detect later in-place writes. */
  saveForBackward(...tensors: Tensor[]): void {
    this.savedTensors = tensors;
    this.savedVersions = tensors.map((t) => t.version);
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
  }

  backward(): (Tensor | null)[] {
    throw new AutogradError('AccumulateGrad is applied by the engine, not called');
  }
}
