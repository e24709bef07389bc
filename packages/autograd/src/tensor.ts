import {
  DTypeError,
  isFloating,
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
import { AccumulateGrad, Node } from './node.js';
import * as ops from './ops/index.js';

type Operand = Tensor | number;
const raw = (b: Operand): NDArray | number => (typeof b === 'number' ? b : b.array);

/**
 * The tensor users write code with: an `NDArray` plus what autograd needs. Results of ops on
 * tensors that require grad remember the op (`gradFn`); `backward()` walks those records and
 * fills `grad` of the leaves. Nothing needs disposing: the graph is ordinary garbage.
 */
export class Tensor {
  /** The gradient, filled by `backward()`; null until then. */
  grad: Tensor | null = null;
  /** The op that produced this tensor, or null for a leaf (PyTorch's `grad_fn`). */
  gradFn: Node | null = null;
  /** For a view: the tensor whose storage it shares (checked by in-place ops). */
  viewBase: Tensor | null = null;
  private flag: boolean;
  private accumulator: AccumulateGrad | null = null;

  constructor(
    readonly array: NDArray,
    requiresGrad = false,
  ) {
    if (requiresGrad) checkCanRequireGrad(array.dtype);
    this.flag = requiresGrad;
  }

  /** A result recorded by `node` (internal to ops). */
  static fromNode(array: NDArray, node: Node): Tensor {
    const t = new Tensor(array);
    t.flag = true;
    t.gradFn = node;
    node.shape = array.shape;
    node.dtype = array.dtype;
    return t;
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
    if (this.gradFn !== null) return this.gradFn;
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
    return new Tensor(this.array.argmax(dim, keepdim));
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return new Tensor(this.array.argmin(dim, keepdim));
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
      other,
      'add_',
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
      other,
      'sub_',
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
      other,
      'mul_',
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
      other,
      'div_',
      (self) => ops.div(self, other),
      () => this.array.div_(raw(other)),
    );
  }
  pow_(exponent: Operand): this {
    return this.inPlace(
      exponent,
      'pow_',
      (self) => ops.pow(self, exponent),
      () => this.array.pow_(raw(exponent)),
    );
  }
  neg_(): this {
    return this.inPlace(null, 'neg_', ops.neg, () => this.array.neg_());
  }
  exp_(): this {
    return this.inPlace(null, 'exp_', ops.exp, () => this.array.exp_());
  }
  log_(): this {
    return this.inPlace(null, 'log_', ops.log, () => this.array.log_());
  }
  sqrt_(): this {
    return this.inPlace(null, 'sqrt_', ops.sqrt, () => this.array.sqrt_());
  }
  abs_(): this {
    return this.inPlace(null, 'abs_', ops.abs, () => this.array.abs_());
  }
  relu_(): this {
    return this.inPlace(null, 'relu_', ops.relu, () => this.array.relu_());
  }
  sigmoid_(): this {
    return this.inPlace(null, 'sigmoid_', ops.sigmoid, () => this.array.sigmoid_());
  }
  tanh_(): this {
    return this.inPlace(null, 'tanh_', ops.tanh, () => this.array.tanh_());
  }
  clamp_(min?: number | null, max?: number | null): this {
    return this.inPlace(
      null,
      'clamp_',
      (self) => ops.clamp(self, min, max),
      () => this.array.clamp_(min, max),
    );
  }

  /** Fills with `value`. */
  fill_(value: number): this {
    return this.overwrite('fill_', () => this.array.fill_(value));
  }
  zero_(): this {
    return this.fill_(0);
  }
  /** Copies `source` into this tensor (broadcasting, converting the dtype). */
  copy_(source: Tensor): this {
    return this.inPlace(
      source,
      'copy_',
      () => ops.to(ops.expand(source, this.shape), this.dtype),
      () => this.array.copy_(source.array),
    );
  }
  /** Fills with samples from N(mean, std²). */
  normal_(mean = 0, std = 1, options: { generator?: Generator } = {}): this {
    return this.overwrite('normal_', () => this.array.normal_(mean, std, options));
  }
  /** Fills with samples from U[low, high). */
  uniform_(low = 0, high = 1, options: { generator?: Generator } = {}): this {
    return this.overwrite('uniform_', () => this.array.uniform_(low, high, options));
  }

  /**
   * An in-place op. Untracked (grad mode off, or nothing requires grad) it writes straight into
   * the storage. Tracked, it computes the op out of place on a copy of the old value that keeps
   * this tensor's place in the graph, writes the result in, and takes over the result's node —
   * PyTorch's "rebase history".
   */
  /**
   * True when an in-place op with `other` records nothing (grad mode off, or nothing requires
   * grad): the common arithmetic ops then write directly, without building the closures below
   * (the optimizer-style updates of a training loop run this path every step).
   */
  private untracked(other: Tensor | number | null): boolean {
    return !isGradEnabled() || !(this.flag || (other instanceof Tensor && other.flag));
  }

  private inPlace(
    other: Tensor | number | null,
    op: string,
    compute: (self: Tensor) => Tensor,
    write: () => void,
  ): this {
    if (this.untracked(other)) {
      write();
      return this;
    }
    this.checkTrackedInPlace(op);
    const before =
      this.gradFn === null ? new Tensor(this.array.clone()) : Tensor.fromNode(this.array.clone(), this.gradFn);
    const result = compute(before);
    if (isFloating(result.dtype) && !isFloating(this.dtype)) {
      throw new DTypeError(`${op}: result type ${result.dtype} can't be cast to the desired output type ${this.dtype}`);
    }
    this.array.copy_(result.array);
    this.gradFn = result.gradFn;
    this.flag = true;
    return this;
  }

  /** An in-place write whose result does not depend on the old value (fill_, normal_, ...). */
  private overwrite(op: string, write: () => void): this {
    if (!isGradEnabled() || !this.flag) {
      write();
      return this;
    }
    this.checkTrackedInPlace(op);
    const node = new ZeroGradBackward(`${op === 'fill_' ? 'Fill' : 'Random'}Backward0`);
    node.next = [this.gradEdge()];
    node.shape = this.shape;
    node.dtype = this.dtype;
    write();
    this.gradFn = node;
    return this;
  }

  private checkTrackedInPlace(op: string): void {
    if (this.gradFn === null && this.flag) {
      throw new AutogradError(`${op}: a leaf Variable that requires grad is being used in an in-place operation.`);
    }
    const base = this.viewBase;
    if (base !== null && base.gradFn === null && base.flag) {
      throw new AutogradError(
        `${op}: a view of a leaf Variable that requires grad is being used in an in-place operation.`,
      );
    }
    if (base !== null && base.flag) {
      throw new AutogradError(
        `${op}: in-place operations on a view of a tensor that requires grad are not supported by torchlet's autograd; use the out-of-place op (e.g. ${op.slice(0, -1)}) instead.`,
      );
    }
  }
}

/** The node of an in-place write that discards the old value: its gradient is zero. */
class ZeroGradBackward extends Node {
  constructor(private readonly kind: string) {
    super();
  }
  get name(): string {
    return this.kind;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.mul(0)];
  }
}

function checkCanRequireGrad(dtype: DType): void {
  if (!isFloating(dtype)) {
    throw new AutogradError(`only tensors of floating point dtype can require gradients, got ${dtype}`);
  }
}
