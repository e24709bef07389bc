import * as nd from '@torchlet/tensor';
import {
  checkNoInternalOverlap,
  checkNoPartialOverlap,
  DTypeError,
  formatShape,
  isFloating,
  shapesEqual,
  ShapeError,
  type DType,
  type Generator,
  type NDArray,
  type NestedArray,
  type Shape,
  type TypedArray,
} from '@torchlet/tensor';
import { backward, type BackwardOptions } from './engine.js';
import { isGradEnabled } from './grad-mode.js';
import { AutogradError } from './errors.js';
import { AccumulateGrad, type Node } from './node.js';
import * as ops from './ops/index.js';

type Operand = Tensor | number;
const raw = (b: Operand): NDArray | number => (typeof b === 'number' ? b : b.array);

/**
 * The tensor users write code with: an `NDArray` plus what autograd needs. Results of ops on
 * tensors that require grad remember the op (`gradFn`); `backward()` walks those records and
 * fills `grad` of the leaves. Nothing needs disposing: the graph is ordinary garbage.
 */
export class Tensor {
  // Fields are `declare`d and assigned in the constructor, which V8 runs faster than class-field
  // initializers (every op makes a Tensor).
  declare readonly array: NDArray;
  /** For a view: the tensor whose storage it shares (a view of a view names the first base). */
  declare viewBase: Tensor | null;
  declare private node: Node | null;
  declare private gradient: Tensor | null;
  declare private flag: boolean;
  declare private accumulator: AccumulateGrad | null;
  /**
   * For a base: bumped whenever an in-place op gives it a new place in the graph, so its views
   * know to recreate theirs. For a view: the base's count its node was made at.
   */
  declare private history: number;
  /** A view made with grad mode off: in-place writes to it with grad mode on are refused. */
  declare private madeWithoutGrad: boolean;

  constructor(array: NDArray, requiresGrad = false) {
    if (requiresGrad) checkCanRequireGrad(array.dtype);
    this.array = array;
    this.viewBase = null;
    this.node = null;
    this.gradient = null;
    this.flag = requiresGrad;
    this.accumulator = null;
    this.history = 0;
    this.madeWithoutGrad = false;
  }

  /** A result recorded by `node` (internal to ops). */
  static fromNode(array: NDArray, node: Node): Tensor {
    const t = new Tensor(array);
    t.flag = true;
    t.node = node;
    node.shape = array.shape;
    node.dtype = array.dtype;
    return t;
  }

  /** The op that produced this tensor, or null for a leaf (PyTorch's `grad_fn`). */
  get gradFn(): Node | null {
    if (this.viewBase !== null && this.history !== this.viewBase.history) this.refreshView();
    return this.node;
  }

  /**
   * The gradient, filled by `backward()`; null until then. Assigning checks it as PyTorch does:
   * a Tensor (or null) of this tensor's shape and dtype.
   */
  get grad(): Tensor | null {
    return this.gradient;
  }

  set grad(value: Tensor | null) {
    if (value !== null) checkAssignedGrad(this, value);
    this.gradient = value;
  }

  /** Internal to ops: makes this tensor a view of `base` (a tensor that is not a view). */
  becomeViewOf(base: Tensor): void {
    this.viewBase = base;
    this.history = base.history;
    this.madeWithoutGrad = !isGradEnabled();
  }

  /**
   * After an in-place op changed the base's place in the graph (directly or through another
   * view), this view's elements come from the base's new node: PyTorch regenerates the view's
   * grad_fn as AsStridedBackward0 of the base, and so does this.
   */
  private refreshView(): void {
    const base = this.viewBase!;
    this.history = base.history;
    if (!base.flag) return;
    const node = ops.asStridedNode(base, ops.geometryOf(base.array, this.array));
    node.shape = this.array.shape;
    node.dtype = this.array.dtype;
    this.node = node;
    this.flag = true;
  }

  get shape(): Shape {
    return this.array.shape;
  }

  get dtype(): DType {
    return this.array.dtype;
  }

  get ndim(): number {
    return this.array.shape.length;
  }

  /** Number of elements. */
  numel(): number {
    return this.array.size;
  }

  /** Number of dims (PyTorch's `dim()`). */
  dim(): number {
    return this.array.shape.length;
  }

  /** Count of in-place writes to this tensor's storage (saved tensors are checked against it). */
  get version(): number {
    return this.array.storage.version;
  }

  /** True for tensors that require grad or were computed from one while grad mode was on. */
  get requiresGrad(): boolean {
    if (this.viewBase !== null && this.history !== this.viewBase.history) this.refreshView();
    return this.flag;
  }

  set requiresGrad(value: boolean) {
    if (!value && this.gradFn !== null) {
      throw new AutogradError(
        'you can only change requiresGrad flags of leaf variables. If you want to use a computed variable in a subgraph that does not require differentiation use detach().',
      );
    }
    if (value) checkCanRequireGrad(this.dtype);
    this.flag = value;
  }

  /** Sets `requiresGrad` in place and returns this tensor. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** A tensor created by the user rather than by a recorded op. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Asks a non-leaf tensor to keep its gradient in `grad` after backward. */
  retainGrad(): this {
    if (this.gradFn !== null) this.gradFn.retainedBy = this;
    return this;
  }

  /** Where this tensor's gradient goes in a graph built from it (internal to ops). */
  gradEdge(): Node | null {
    if (this.viewBase !== null && this.history !== this.viewBase.history) this.refreshView();
    if (this.node !== null) return this.node;
    if (!this.flag) return null;
    this.accumulator ??= new AccumulateGrad(this);
    return this.accumulator;
  }

  /**
   * Shares storage but is cut from the graph (PyTorch's `.data`, which the tutorial uses as
   * `weight.data.normal_(0, 0.01)`). Unlike PyTorch, writes through it still count as in-place
   * writes for the version check: autograd reports them instead of computing wrong gradients.
   */
  get data(): Tensor {
    return new Tensor(this.array);
  }

  /** A tensor sharing storage, outside the graph. */
  detach(): Tensor {
    return new Tensor(this.array);
  }

  /** Backpropagates from this tensor, accumulating into the `grad` of every leaf it depends on. */
  backward(gradient?: Tensor, options?: BackwardOptions): void {
    backward(this, gradient, options);
  }

  // ---- values ----

  item(): number {
    return this.array.item();
  }

  toArray(): NestedArray {
    return this.array.toArray();
  }

  toTypedArray(): TypedArray {
    return this.array.toTypedArray();
  }

  toString(): string {
    const suffix = this.gradFn !== null ? [`grad_fn=<${this.gradFn.name}>`] : this.flag ? ['requires_grad=True'] : [];
    return this.array.format(suffix);
  }

  // ---- differentiable math ----

  add(other: Operand): Tensor {
    return ops.add(this, other);
  }
  sub(other: Operand): Tensor {
    return ops.sub(this, other);
  }
  /** `scalar - this`. */
  rsub(scalar: number): Tensor {
    return ops.rsub(this, scalar);
  }
  mul(other: Operand): Tensor {
    return ops.mul(this, other);
  }
  div(other: Operand): Tensor {
    return ops.div(this, other);
  }
  pow(exponent: Operand): Tensor {
    return ops.pow(this, exponent);
  }
  maximum(other: Tensor): Tensor {
    return ops.maximum(this, other);
  }
  minimum(other: Tensor): Tensor {
    return ops.minimum(this, other);
  }
  neg(): Tensor {
    return ops.neg(this);
  }
  reciprocal(): Tensor {
    return ops.reciprocal(this);
  }
  exp(): Tensor {
    return ops.exp(this);
  }
  log(): Tensor {
    return ops.log(this);
  }
  log1p(): Tensor {
    return ops.log1p(this);
  }
  sqrt(): Tensor {
    return ops.sqrt(this);
  }
  abs(): Tensor {
    return ops.abs(this);
  }
  sign(): Tensor {
    return ops.sign(this);
  }
  relu(): Tensor {
    return ops.relu(this);
  }
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }
  tanh(): Tensor {
    return ops.tanh(this);
  }
  sin(): Tensor {
    return ops.sin(this);
  }
  cos(): Tensor {
    return ops.cos(this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return ops.clamp(this, min, max);
  }
  softmax(dim: number): Tensor {
    return ops.softmax(this, dim);
  }
  logSoftmax(dim: number): Tensor {
    return ops.logSoftmax(this, dim);
  }
  matmul(other: Tensor): Tensor {
    return ops.matmul(this, other);
  }

  // ---- comparisons (bool results, no gradient) ----

  eq(other: Operand): Tensor {
    return ops.eq(this, other);
  }
  ne(other: Operand): Tensor {
    return ops.ne(this, other);
  }
  lt(other: Operand): Tensor {
    return ops.lt(this, other);
  }
  le(other: Operand): Tensor {
    return ops.le(this, other);
  }
  gt(other: Operand): Tensor {
    return ops.gt(this, other);
  }
  ge(other: Operand): Tensor {
    return ops.ge(this, other);
  }

  // ---- reductions ----

  sum(dim?: number | readonly number[], keepdim = false): Tensor {
    return ops.sum(this, dim, keepdim);
  }
  mean(dim?: number | readonly number[], keepdim = false): Tensor {
    return ops.mean(this, dim, keepdim);
  }
  /** Largest element; with `dim`, the largest along it and their indices. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ops.ValuesAndIndices;
  max(dim?: number, keepdim = false): Tensor | ops.ValuesAndIndices {
    return dim === undefined ? ops.extreme('max', this) : ops.extremeAlong('max', this, dim, keepdim);
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ops.ValuesAndIndices;
  min(dim?: number, keepdim = false): Tensor | ops.ValuesAndIndices {
    return dim === undefined ? ops.extreme('min', this) : ops.extremeAlong('min', this, dim, keepdim);
  }
  argmax(dim?: number, keepdim = false): Tensor {
    return ops.argExtreme('max', this, dim, keepdim);
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return ops.argExtreme('min', this, dim, keepdim);
  }
  /** Variance along `dim` (all elements by default), dividing by N − correction (default 1). */
  var(dim?: number | readonly number[], options: { correction?: number; keepdim?: boolean } = {}): Tensor {
    return ops.variance(this, dim, options.correction ?? 1, options.keepdim ?? false);
  }
  /** Standard deviation along `dim`, dividing by N − correction (default 1). */
  std(dim?: number | readonly number[], options: { correction?: number; keepdim?: boolean } = {}): Tensor {
    return ops.std(this, dim, options.correction ?? 1, options.keepdim ?? false);
  }
  /** Sums down to `shape`, which this tensor's shape must broadcast from. */
  sumTo(shape: Shape): Tensor {
    return ops.sumTo(this, shape);
  }

  // ---- shapes ----

  reshape(shape: Shape): Tensor {
    return ops.reshape(this, shape);
  }
  view(shape: Shape): Tensor {
    return ops.view(this, shape);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return ops.flatten(this, startDim, endDim);
  }
  squeeze(dim?: number): Tensor {
    return ops.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return ops.unsqueeze(this, dim);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return ops.transpose(this, dim0, dim1);
  }
  t(): Tensor {
    return ops.t(this);
  }
  permute(dims: readonly number[]): Tensor {
    return ops.permute(this, dims);
  }
  expand(shape: Shape): Tensor {
    return ops.expand(this, shape);
  }
  expandAs(other: Tensor): Tensor {
    return ops.expand(this, other.shape);
  }
  broadcastTo(shape: Shape): Tensor {
    return ops.broadcastTo(this, shape);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return ops.narrow(this, dim, start, length);
  }
  slice(dim: number, start?: number, end?: number, step?: number): Tensor {
    return ops.slice(this, dim, start, end, step);
  }
  select(dim: number, index: number): Tensor {
    return ops.select(this, dim, index);
  }
  indexSelect(dim: number, index: Tensor | ArrayLike<number>): Tensor {
    return ops.indexSelect(this, dim, index);
  }
  /** Every window of `size` elements along `dim`, `step` apart, as a view with a new last dim. */
  unfold(dim: number, size: number, step: number): Tensor {
    return ops.unfold(this, dim, size, step);
  }
  /** A copy with the elements in reverse order along each of `dims`. */
  flip(dims: readonly number[]): Tensor {
    return ops.flip(this, dims);
  }
  /** Views of `sections` sizes (or of equal size `sections`) along `dim`. */
  split(sections: number | readonly number[], dim = 0): Tensor[] {
    return ops.split(this, sections, dim);
  }
  /** `chunks` views of (nearly) equal size along `dim`. */
  chunk(chunks: number, dim = 0): Tensor[] {
    return ops.chunk(this, chunks, dim);
  }
  /** Elements picked along `dim` by the int32 `index` (PyTorch's `gather`). */
  gather(dim: number, index: Tensor): Tensor {
    return ops.gather(this, dim, index);
  }
  /** A copy with `src` written at the positions `index` names along `dim` (PyTorch's `scatter`). */
  scatter(dim: number, index: Tensor, src: Tensor | number): Tensor {
    return ops.scatter('scatter', this, dim, index, src);
  }
  /** A copy with `src` added at the positions `index` names along `dim` (PyTorch's `scatter_add`). */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return ops.scatter('scatterAdd', this, dim, index, src);
  }
  contiguous(): Tensor {
    return ops.contiguous(this);
  }
  clone(): Tensor {
    return ops.clone(this);
  }
  to(dtype: DType): Tensor {
    return ops.to(this, dtype);
  }
  float(): Tensor {
    return ops.to(this, 'float32');
  }
  double(): Tensor {
    return ops.to(this, 'float64');
  }
  int(): Tensor {
    return ops.to(this, 'int32');
  }
  bool(): Tensor {
    return ops.to(this, 'bool');
  }

  // ---- in place (trailing underscore, as in PyTorch) ----

  add_(other: Operand): this {
    if (this.untracked(other)) {
      this.array.add_(raw(other));
      return this;
    }
    return this.inPlace(
      'add_',
      other,
      (self) => ops.add(self, other),
      () => this.array.add_(raw(other)),
    );
  }
  sub_(other: Operand): this {
    if (this.untracked(other)) {
      this.array.sub_(raw(other));
      return this;
    }
    return this.inPlace(
      'sub_',
      other,
      (self) => ops.sub(self, other),
      () => this.array.sub_(raw(other)),
    );
  }
  mul_(other: Operand): this {
    if (this.untracked(other)) {
      this.array.mul_(raw(other));
      return this;
    }
    return this.inPlace(
      'mul_',
      other,
      (self) => ops.mul(self, other),
      () => this.array.mul_(raw(other)),
    );
  }
  div_(other: Operand): this {
    if (this.untracked(other)) {
      this.array.div_(raw(other));
      return this;
    }
    return this.inPlace(
      'div_',
      other,
      (self) => ops.div(self, other),
      () => this.array.div_(raw(other)),
    );
  }
  pow_(exponent: Operand): this {
    return this.inPlace(
      'pow_',
      exponent,
      (self) => ops.pow(self, exponent),
      () => this.array.pow_(raw(exponent)),
    );
  }
  neg_(): this {
    return this.inPlace('neg_', null, ops.neg, () => this.array.neg_());
  }
  exp_(): this {
    return this.inPlace('exp_', null, ops.exp, () => this.array.exp_());
  }
  log_(): this {
    return this.inPlace('log_', null, ops.log, () => this.array.log_());
  }
  sqrt_(): this {
    return this.inPlace('sqrt_', null, ops.sqrt, () => this.array.sqrt_());
  }
  abs_(): this {
    return this.inPlace('abs_', null, ops.abs, () => this.array.abs_());
  }
  relu_(): this {
    return this.inPlace('relu_', null, ops.relu, () => this.array.relu_());
  }
  sigmoid_(): this {
    return this.inPlace('sigmoid_', null, ops.sigmoid, () => this.array.sigmoid_());
  }
  tanh_(): this {
    return this.inPlace('tanh_', null, ops.tanh, () => this.array.tanh_());
  }
  clamp_(min?: number | null, max?: number | null): this {
    return this.inPlace(
      'clamp_',
      null,
      (self) => ops.clamp(self, min, max),
      () => this.array.clamp_(min, max),
    );
  }

  /** Fills with `value`. */
  fill_(value: number): this {
    return this.inPlace(
      'fill_',
      null,
      (self) => ops.overwritten('fill_', self, ops.filledLike(self, value)),
      () => this.array.fill_(value),
      true,
    );
  }
  zero_(): this {
    return this.inPlace(
      'zero_',
      null,
      (self) => ops.overwritten('zero_', self, ops.filledLike(self, 0)),
      () => this.array.zero_(),
      true,
    );
  }
  /** Copies `source` into this tensor (broadcasting, converting the dtype); `source` takes the gradient. */
  copy_(source: Tensor): this {
    return this.inPlace(
      'copy_',
      source,
      (self) => ops.copyInto(self, source),
      () => this.array.copy_(source.array),
      source === this, // a copy into itself writes nothing, so PyTorch lets even an expanded one be
    );
  }
  /** Fills with samples from N(mean, std²). */
  normal_(mean = 0, std = 1, options: { generator?: Generator } = {}): this {
    return this.inPlace(
      'normal_',
      null,
      (self) =>
        ops.overwritten('normal_', self, nd.zeros(self.shape, { dtype: self.dtype }).normal_(mean, std, options)),
      () => this.array.normal_(mean, std, options),
    );
  }
  /** Fills with samples from U[low, high). */
  uniform_(low = 0, high = 1, options: { generator?: Generator } = {}): this {
    return this.inPlace(
      'uniform_',
      null,
      (self) =>
        ops.overwritten('uniform_', self, nd.zeros(self.shape, { dtype: self.dtype }).uniform_(low, high, options)),
      () => this.array.uniform_(low, high, options),
    );
  }

  /**
   * True when an in-place op with `other` records nothing and needs no view bookkeeping (grad
   * mode off, or a tensor that is not a view and nothing requires grad): the common arithmetic
   * ops then write directly, without building the closures below (the optimizer-style updates
   * of a training loop run this path every step).
   */
  private untracked(other: Tensor | number | null): boolean {
    if (!isGradEnabled()) return true;
    return this.viewBase === null && !this.flag && !(other instanceof Tensor && other.requiresGrad);
  }

  /**
   * An in-place op. Untracked it writes straight into the storage. Tracked, it computes the op
   * out of place from this tensor's current value and place in the graph, writes the result in,
   * and gives this tensor the result's node — PyTorch's "rebase history". The node then holds
   * this tensor itself where it saved the result (so a later write is caught) and a private copy
   * of the old value where it saved that. Written through a view, the base takes a CopySlices
   * node (the view's elements from the result, the rest as they were), and every view of the
   * base recreates its node from it on next use, so later uses of base and views all reach the
   * op's inputs. `rewrites`: the write ignores the old value and may fill cells shared by several
   * elements (fill_, zero_), which PyTorch allows.
   */
  private inPlace(
    op: string,
    other: Tensor | number | null,
    compute: (self: Tensor) => Tensor,
    write: () => void,
    rewrites = false,
  ): this {
    if (this.untracked(other)) {
      write();
      return this;
    }
    const source = other instanceof Tensor ? other : null;
    if (!rewrites) checkNoInternalOverlap(op, this.array);
    if (source !== null) checkNoPartialOverlap(op, this.array, source.array);
    const tracked = isFloating(this.dtype) && (this.requiresGrad || (source?.requiresGrad ?? false));
    this.checkInPlace(op, tracked);
    if (!tracked) {
      write();
      return this;
    }
    const node = this.gradFn;
    const before = node === null ? new Tensor(this.array) : Tensor.fromNode(this.array, node);
    const result = compute(before);
    if (!shapesEqual(result.shape, this.shape)) {
      const detail = source === null ? '' : ` of ${formatShape(this.shape)} and ${formatShape(source.shape)}`;
      throw new ShapeError(
        `${op}: output with shape ${formatShape(this.shape)} doesn't match the broadcast shape${detail}, ${formatShape(result.shape)}`,
      );
    }
    const resultNode = result.gradFn!;
    if (resultNode.saves(before)) {
      const copy = before.array.clone();
      resultNode.replaceSaved(before, node === null ? new Tensor(copy) : Tensor.fromNode(copy, node));
    }
    if (rewrites) write();
    else this.array.copy_(result.array);
    resultNode.replaceSaved(result, this);
    resultNode.dtype = this.dtype;
    this.rebase(result);
    return this;
  }

  /** Gives this tensor (and, for a view, its base) the place in the graph of `result`. */
  private rebase(result: Tensor): void {
    const base = this.viewBase;
    if (base === null) {
      this.node = result.gradFn;
      this.flag = true;
      this.history++; // views of this tensor recreate their nodes
      return;
    }
    const slices = ops.copySlicesNode(base, result, ops.geometryOf(base.array, this.array));
    slices.shape = base.array.shape;
    slices.dtype = base.array.dtype;
    base.node = slices;
    base.flag = true;
    base.history++; // this view and every other view of the base recreate their nodes
  }

  /** PyTorch's check_inplace: what may not be written in place with grad mode on. */
  private checkInPlace(op: string, tracked: boolean): void {
    const base = this.viewBase;
    if (base !== null && this.madeWithoutGrad && (tracked || base.requiresGrad)) {
      throw new AutogradError(
        `${op}: A view was created in no_grad mode and is being modified inplace with grad mode enabled. ` +
          "Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the noGrad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).",
      );
    }
    if (!tracked) return;
    if (base === null && this.node === null && this.flag) {
      throw new AutogradError(`${op}: a leaf Variable that requires grad is being used in an in-place operation.`);
    }
    if (base !== null && this.requiresGrad && base.gradFn === null) {
      throw new AutogradError(
        `${op}: a view of a leaf Variable that requires grad is being used in an in-place operation.`,
      );
    }
  }
}

function checkCanRequireGrad(dtype: DType): void {
  if (!isFloating(dtype)) {
    throw new AutogradError(`only tensors of floating point dtype can require gradients, got ${dtype}`);
  }
}

/** PyTorch's checks when `.grad` is assigned. */
function checkAssignedGrad(t: Tensor, value: unknown): void {
  if (!(value instanceof Tensor)) {
    const type = Array.isArray(value) ? 'an array' : typeof value;
    throw new AutogradError(`assigned grad expected to be a Tensor or null but got grad of type ${type}`);
  }
  if (value.dtype !== t.dtype) {
    throw new DTypeError(`assigned grad has data of a different type: ${value.dtype}, expected ${t.dtype}`);
  }
  if (!shapesEqual(value.shape, t.shape)) {
    throw new ShapeError(
      `assigned grad has data of a different size: ${formatShape(value.shape)}, expected ${formatShape(t.shape)}`,
    );
  }
}
