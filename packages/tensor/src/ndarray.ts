import type { DType, TypedArray } from './dtype.js';
import { IndexError, ShapeError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import type { Generator } from './generator.js';
import { binary, binaryInPlace, type BinaryOpName } from './ops/binary.js';
import { cast, castScalar } from './ops/cast.js';
import { gather, scatter, scatterAdd } from './ops/gather.js';
import { indexSelect } from './ops/indexing.js';
import { matmul } from './ops/matmul.js';
import { fillNormal, fillUniform } from './ops/random-fill.js';
import {
  argExtreme,
  extreme,
  extremeWithIndices,
  mean as meanOf,
  sum as sumOf,
  sumToShape,
  type ValuesAndIndices,
} from './ops/reduce.js';
import { standardDeviation, variance } from './ops/statistics.js';
import { unary, unaryInPlace, type UnaryOpName } from './ops/unary.js';
import {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  inferShape,
  normalizeDim,
  numel,
  shapesEqual,
  type Shape,
} from './shape.js';
import { checkNoInternalOverlap, checkNoPartialOverlap } from './overlap.js';
import { Storage } from './storage.js';
import { assignStrided } from './strided.js';

export type NestedArray = number | NestedArray[];
export type Operand = NDArray | number;

/**
 * A strided view over a `Storage`: `element[i0, i1, ...] = data[offset + Σ ik * strides[k]]`.
 * View ops (reshape of contiguous data, transpose, permute, expand, narrow, select, ...) return
 * a new NDArray over the same storage, as PyTorch's do; math ops return new storage.
 */
export class NDArray {
  readonly size: number;
  readonly isContiguous: boolean;
  /**
   * Every element is the same memory location (a broadcast of one value, such as the gradient
   * of a full sum, `g.expand(shape)`): ops read it as a scalar instead of walking strides.
   */
  readonly isSplat: boolean;

  constructor(
    readonly storage: Storage,
    readonly shape: Shape,
    readonly strides: readonly number[],
    readonly offset: number,
    /** Given by a caller that made `strides` contiguous for `shape`: its element count (no walk). */
    contiguousSize?: number,
  ) {
    if (contiguousSize !== undefined) {
      this.size = contiguousSize;
      this.isContiguous = true;
      // Contiguous and one element: every dim is 1. More elements: some dim has a stride.
      this.isSplat = contiguousSize === 1;
      return;
    }
    let size = 1;
    let contiguous = true;
    let splat = true;
    let expected = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      const d = shape[i]!;
      size *= d;
      if (d !== 1 && strides[i] !== expected) contiguous = false;
      if (d !== 1 && strides[i] !== 0) splat = false;
      expected *= d;
    }
    this.size = size;
    this.isContiguous = contiguous || size === 0;
    this.isSplat = splat && size > 0;
  }

  /** A new zero-filled contiguous array; `op` names the caller in the error for a shape too large. */
  static zeros(shape: Shape, dtype: DType, op?: string): NDArray {
    // Strides and size in one walk; the constructor is told, so it does not walk again.
    const strides = new Array<number>(shape.length);
    let size = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      strides[i] = size;
      size *= shape[i]!;
    }
    return new NDArray(Storage.allocate(dtype, size, op, shape), shape, strides, 0, size);
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Size of one dimension (PyTorch's `size(dim)`); the whole shape when `dim` is omitted. */
  dimSize(dim: number): number {
    return this.shape[normalizeDim('size', dim, this.ndim)]!;
  }

  // ---- element access ----

  /** The single value of a one-element array (bool as 0/1). */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError(`item: a tensor with ${this.size} elements cannot be converted to a scalar`);
    }
    return this.storage.data[this.offset]!;
  }

  /** Reads one element by its full index. */
  get(...index: number[]): number {
    return this.storage.data[this.flatIndex('get', index)]!;
  }

  /** Writes one element by its full index (in place). */
  set(value: number, ...index: number[]): this {
    this.storage.data[this.flatIndex('set', index)] = castScalar('set', value, this.dtype);
    this.storage.version++;
    return this;
  }

  /** The values as nested JS arrays (a plain number for a 0-d array; bool as 0/1). */
  toArray(): NestedArray {
    const values = this.contiguous();
    const data = values.storage.data;
    const offset = values.offset;
    if (this.ndim === 0) return data[offset]!;
    const build = (dim: number, start: number): NestedArray[] => {
      const n = this.shape[dim]!;
      const out = new Array<NestedArray>(n);
      const stride = values.strides[dim]!;
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.ndim - 1 ? data[start + i]! : build(dim + 1, start + i * stride);
      }
      return out;
    };
    return build(0, offset);
  }

  /** A contiguous copy of the values as a typed array of this dtype. */
  toTypedArray(): TypedArray {
    const values = this.contiguous();
    return values.storage.data.slice(values.offset, values.offset + this.size);
  }

  toString(): string {
    return this.format();
  }

  /** PyTorch's repr, with extra `key=value` suffixes (autograd adds `grad_fn=<...>`). */
  format(suffixes?: readonly string[]): string {
    const values = this.contiguous();
    const data = values.storage.data.subarray(values.offset, values.offset + this.size);
    return formatTensor(data, this.shape, this.dtype, suffixes);
  }

  // ---- copies and casts ----

  /** This array if it is already contiguous, otherwise a contiguous copy. */
  contiguous(): NDArray {
    return this.isContiguous ? this : this.clone();
  }

  clone(): NDArray {
    const out = NDArray.zeros(this.shape, this.dtype, 'clone');
    if (this.isContiguous) {
      out.storage.data.set(this.storage.data.subarray(this.offset, this.offset + this.size));
    } else if (this.isSplat) {
      out.storage.data.fill(this.storage.data[this.offset]!);
    } else {
      assignStrided(out, this);
    }
    return out;
  }

  /** A copy converted to `dtype` (this array itself when the dtype already matches). */
  to(dtype: DType): NDArray {
    return dtype === this.dtype ? this : cast(this, dtype);
  }

  // ---- views ----

  reshape(shape: Shape): NDArray {
    const target = inferShape('reshape', shape, this.size);
    return this.viewOrNull(target) ?? this.clone().viewOrNull(target)!;
  }

  /** Like `reshape`, but never copies: fails when the strides cannot express the new shape. */
  view(shape: Shape): NDArray {
    const target = inferShape('view', shape, this.size);
    const out = this.viewOrNull(target);
    if (out === null) {
      throw new ShapeError(
        `view: shape ${formatShape(target)} is not compatible with input of shape ${formatShape(this.shape)} and ` +
          `strides ${formatShape(this.strides)} (at least one dimension spans across two contiguous subspaces). Use reshape instead.`,
      );
    }
    return out;
  }

  private viewOrNull(target: number[]): NDArray | null {
    if (this.isContiguous) return new NDArray(this.storage, target, contiguousStrides(target), this.offset);
    const strides = viewStrides(this.shape, this.strides, target);
    return strides === null ? null : new NDArray(this.storage, target, strides, this.offset);
  }

  flatten(startDim = 0, endDim = -1): NDArray {
    const start = normalizeDim('flatten', startDim, this.ndim);
    const end = normalizeDim('flatten', endDim, this.ndim);
    if (this.ndim === 0) return this.reshape([1]);
    if (start > end) throw new ValueError(`flatten: startDim ${startDim} cannot come after endDim ${endDim}`);
    const shape = [
      ...this.shape.slice(0, start),
      numel(this.shape.slice(start, end + 1)),
      ...this.shape.slice(end + 1),
    ];
    return this.reshape(shape);
  }

  transpose(dim0: number, dim1: number): NDArray {
    const a = normalizeDim('transpose', dim0, this.ndim);
    const b = normalizeDim('transpose', dim1, this.ndim);
    if (this.ndim === 0) return this.permute([]); // dims 0 and -1 name the same (missing) dim
    // Directly rather than through permute: backward transposes every matmul's operands.
    const shape = this.shape.slice();
    const strides = this.strides.slice();
    shape[a] = this.shape[b]!;
    shape[b] = this.shape[a]!;
    strides[a] = this.strides[b]!;
    strides[b] = this.strides[a]!;
    return new NDArray(this.storage, shape, strides, this.offset);
  }

  /** Transpose of a matrix (PyTorch's `t()`): 0-d and 1-d arrays are returned as they are. */
  t(): NDArray {
    if (this.ndim > 2) throw new ShapeError(`t: expects a tensor with <= 2 dimensions, but got ${this.ndim}`);
    return this.ndim < 2 ? this : this.transpose(0, 1);
  }

  permute(dims: readonly number[]): NDArray {
    if (dims.length !== this.ndim) {
      throw new ShapeError(
        `permute: number of dims don't match: got ${formatShape(dims)} for a tensor of shape ${formatShape(this.shape)}`,
      );
    }
    const seen = new Array<boolean>(this.ndim).fill(false);
    const shape = new Array<number>(this.ndim);
    const strides = new Array<number>(this.ndim);
    for (let i = 0; i < dims.length; i++) {
      const d = normalizeDim('permute', dims[i]!, this.ndim);
      if (seen[d]) throw new ShapeError(`permute: dim ${d} appears more than once in ${formatShape(dims)}`);
      seen[d] = true;
      shape[i] = this.shape[d]!;
      strides[i] = this.strides[d]!;
    }
    return new NDArray(this.storage, shape, strides, this.offset);
  }

  /** Removes size-1 dims (all of them, or only `dim`, which is kept when its size is not 1). */
  squeeze(dim?: number): NDArray {
    const keep: number[] = [];
    const target = dim === undefined ? -1 : normalizeDim('squeeze', dim, this.ndim);
    for (let i = 0; i < this.ndim; i++) {
      const squeezable = this.shape[i] === 1 && (target === -1 || target === i);
      if (!squeezable) keep.push(i);
    }
    if (keep.length === this.ndim) return this;
    return new NDArray(
      this.storage,
      keep.map((i) => this.shape[i]!),
      keep.map((i) => this.strides[i]!),
      this.offset,
    );
  }

  unsqueeze(dim: number): NDArray {
    const d = normalizeDim('unsqueeze', dim, this.ndim + 1);
    const shape = this.shape.slice();
    const strides = this.strides.slice();
    shape.splice(d, 0, 1);
    strides.splice(d, 0, d < this.ndim ? this.strides[d]! * this.shape[d]! : 1);
    return new NDArray(this.storage, shape, strides, this.offset);
  }

  /** A broadcast view to `shape` (-1 keeps a dim); expanded dims get stride 0, nothing is copied. */
  expand(shape: Shape): NDArray {
    const rank = shape.length;
    if (rank < this.ndim) {
      throw new ShapeError(
        `expand: the number of sizes provided (${rank}) must be greater or equal to the number of dimensions in the tensor (${this.ndim})`,
      );
    }
    const outShape = new Array<number>(rank);
    const strides = new Array<number>(rank);
    const lead = rank - this.ndim;
    for (let i = 0; i < rank; i++) {
      const want = shape[i]!;
      if (!Number.isInteger(want) || want < -1) {
        throw new ShapeError(
          `expand: invalid size ${want} at dimension ${i} of ${formatShape(shape)}; sizes must be non-negative integers or -1`,
        );
      }
      if (i < lead) {
        if (want < 0)
          throw new ShapeError(
            `expand: -1 is not allowed in a leading, non-existing dimension (${formatShape(shape)})`,
          );
        outShape[i] = want;
        strides[i] = 0;
        continue;
      }
      const have = this.shape[i - lead]!;
      if (want === -1 || want === have) {
        outShape[i] = have;
        strides[i] = this.strides[i - lead]!;
      } else if (have === 1) {
        outShape[i] = want;
        strides[i] = 0;
      } else {
        throw new ShapeError(
          `expand: the expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}. ` +
            `Target sizes: ${formatShape(shape)}. Tensor sizes: ${formatShape(this.shape)}`,
        );
      }
    }
    return new NDArray(this.storage, outShape, strides, this.offset);
  }

  broadcastTo(shape: Shape): NDArray {
    broadcastShapes('broadcastTo', this.shape, shape);
    return this.expand(shape);
  }

  /** Elements `start .. start+length-1` along `dim`, as a view. */
  narrow(dim: number, start: number, length: number): NDArray {
    checkHasDims('narrow', this);
    const d = normalizeDim('narrow', dim, this.ndim);
    const size = this.shape[d]!;
    const begin = start < 0 ? start + size : start;
    if (!Number.isInteger(begin) || !Number.isInteger(length) || begin < 0 || length < 0 || begin + length > size) {
      throw new IndexError(
        `narrow: start (${start}) + length (${length}) exceeds dimension size (${size}) of dim ${d}`,
      );
    }
    const shape = this.shape.slice();
    shape[d] = length;
    return new NDArray(this.storage, shape, this.strides, this.offset + begin * this.strides[d]!);
  }

  /** Python's `x[start:end:step]` along `dim`, as a view (negative bounds count from the end). */
  slice(dim: number, start = 0, end = Number.POSITIVE_INFINITY, step = 1): NDArray {
    checkHasDims('slice', this);
    const d = normalizeDim('slice', dim, this.ndim);
    if (!Number.isInteger(step) || step <= 0)
      throw new ValueError(`slice: step must be a positive integer, got ${step}`);
    const size = this.shape[d]!;
    const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
    const begin = clampIndex(start);
    const stop = Math.max(clampIndex(end), begin);
    const shape = this.shape.slice();
    const strides = this.strides.slice();
    shape[d] = Math.ceil((stop - begin) / step);
    strides[d] = this.strides[d]! * step;
    return new NDArray(this.storage, shape, strides, this.offset + begin * this.strides[d]!);
  }

  /** The sub-array at `index` along `dim`, with that dim removed (PyTorch's `select`). */
  select(dim: number, index: number): NDArray {
    checkHasDims('select', this);
    const d = normalizeDim('select', dim, this.ndim);
    const size = this.shape[d]!;
    if (!Number.isInteger(index) || index < -size || index >= size) {
      throw new IndexError(`select: index ${index} is out of bounds for dimension ${d} with size ${size}`);
    }
    const i = index < 0 ? index + size : index;
    const shape = this.shape.slice();
    const strides = this.strides.slice();
    shape.splice(d, 1);
    strides.splice(d, 1);
    return new NDArray(this.storage, shape, strides, this.offset + i * this.strides[d]!);
  }

  /**
   * Every window of `size` elements along `dim`, `step` apart, as a view with a new last dim of
   * length `size` (PyTorch's `Tensor.unfold`): the strided window view pooling and convolution
   * are made of. Windows may overlap; nothing is copied.
   */
  unfold(dim: number, size: number, step: number): NDArray {
    const d = normalizeDim('unfold', dim, this.ndim);
    const length = this.ndim === 0 ? 1 : this.shape[d]!;
    if (!Number.isInteger(size) || size < 0 || size > length) {
      throw new ShapeError(`unfold: maximum size for tensor at dimension ${d} is ${length} but size is ${size}`);
    }
    if (!Number.isInteger(step) || step <= 0) throw new ValueError(`unfold: step is ${step} but must be > 0`);
    if (this.ndim === 0) return new NDArray(this.storage, [size], [1], this.offset);
    const shape = this.shape.slice();
    const strides = this.strides.slice();
    shape[d] = Math.floor((length - size) / step) + 1;
    strides[d] = this.strides[d]! * step;
    return new NDArray(this.storage, [...shape, size], [...strides, this.strides[d]!], this.offset);
  }

  /** A copy with the order of elements reversed along each of `dims` (PyTorch's `flip`). */
  flip(dims: readonly number[]): NDArray {
    const strides = this.strides.slice();
    let offset = this.offset;
    const seen = new Set<number>();
    for (const dim of dims) {
      const d = normalizeDim('flip', dim, this.ndim);
      if (seen.has(d)) throw new ShapeError(`flip: dim ${d} appears multiple times in the list of dims`);
      seen.add(d);
      if (this.ndim === 0 || this.shape[d] === 0) continue;
      offset += (this.shape[d]! - 1) * this.strides[d]!;
      strides[d] = -this.strides[d]!;
    }
    // A view with negative strides, copied out: PyTorch's flip returns new memory too.
    return new NDArray(this.storage, this.shape, strides, offset).clone();
  }

  /** Views of `sections` sizes along `dim` (PyTorch's `split`): a number splits into equal parts, the last smaller. */
  split(sections: number | readonly number[], dim = 0): NDArray[] {
    const d = normalizeDim('split', dim, this.ndim);
    if (this.ndim === 0) throw new ShapeError('split: expected at least a 1-dimensional tensor');
    const length = this.shape[d]!;
    let sizes: number[];
    if (typeof sections === 'number') {
      if (!Number.isInteger(sections) || sections < 0 || (sections === 0 && length !== 0)) {
        throw new ValueError(`split: split size must be a positive integer, got ${sections}`);
      }
      sizes = [];
      for (let start = 0; start < length; start += sections) sizes.push(Math.min(sections, length - start));
      if (sizes.length === 0) sizes.push(0);
    } else {
      const total = sections.reduce((a, b) => a + b, 0);
      if (sections.some((v) => !Number.isInteger(v) || v < 0) || total !== length) {
        throw new ShapeError(
          `split: split sizes [${sections.join(', ')}] must be non-negative integers summing to the size of dim ${d} (${length})`,
        );
      }
      sizes = [...sections];
    }
    let start = 0;
    return sizes.map((size) => {
      const part = this.narrow(d, start, size);
      start += size;
      return part;
    });
  }

  /** `chunks` views of (nearly) equal size along `dim` (PyTorch's `chunk`: ⌈size/chunks⌉ each, fewer when it divides so). */
  chunk(chunks: number, dim = 0): NDArray[] {
    if (!Number.isInteger(chunks) || chunks < 1)
      throw new ValueError(`chunk: expected chunks to be a positive integer, got ${chunks}`);
    const d = normalizeDim('chunk', dim, this.ndim);
    if (this.ndim === 0) throw new ShapeError('chunk: expected at least a 1-dimensional tensor');
    const length = this.shape[d]!;
    return this.split(Math.max(1, Math.ceil(length / chunks)), d);
  }

  /** Elements picked along `dim` by `index` (PyTorch's `gather`): out has index's shape. */
  gather(dim: number, index: NDArray): NDArray {
    return gather(this, dim, index);
  }

  /** A copy with `src` written at the positions `index` names along `dim` (PyTorch's `scatter`). */
  scatter(dim: number, index: NDArray, src: NDArray | number): NDArray {
    return scatter(this, dim, index, src);
  }

  /** A copy with `src` added at the positions `index` names along `dim`; repeats add up (`scatter_add`). */
  scatterAdd(dim: number, index: NDArray, src: NDArray): NDArray {
    return scatterAdd(this, dim, index, src);
  }

  /** Gathers whole slices along `dim` by index (a copy): `features.indexSelect(0, batch)`. */
  indexSelect(dim: number, index: NDArray | ArrayLike<number>): NDArray {
    return indexSelect(this, dim, index);
  }

  /** Sums a broadcast result back down to `shape` (what a gradient of a broadcast input needs). */
  sumTo(shape: Shape): NDArray {
    return sumToShape(this, shape);
  }

  // ---- element-wise math ----

  add(other: Operand): NDArray {
    return binary('add', this, other);
  }
  sub(other: Operand): NDArray {
    return binary('sub', this, other);
  }
  mul(other: Operand): NDArray {
    return binary('mul', this, other);
  }
  div(other: Operand): NDArray {
    return binary('div', this, other);
  }
  pow(exponent: Operand): NDArray {
    return binary('pow', this, exponent);
  }
  maximum(other: Operand): NDArray {
    return binary('maximum', this, other);
  }
  minimum(other: Operand): NDArray {
    return binary('minimum', this, other);
  }
  eq(other: Operand): NDArray {
    return binary('eq', this, other);
  }
  ne(other: Operand): NDArray {
    return binary('ne', this, other);
  }
  lt(other: Operand): NDArray {
    return binary('lt', this, other);
  }
  le(other: Operand): NDArray {
    return binary('le', this, other);
  }
  gt(other: Operand): NDArray {
    return binary('gt', this, other);
  }
  ge(other: Operand): NDArray {
    return binary('ge', this, other);
  }
  /** `scalar - this` (PyTorch's `rsub`). */
  rsub(other: Operand): NDArray {
    return binary('rsub', this, other);
  }
  /** `scalar / this`. */
  rdiv(other: Operand): NDArray {
    return binary('rdiv', this, other);
  }

  neg(): NDArray {
    return unary('neg', this);
  }
  exp(): NDArray {
    return unary('exp', this);
  }
  log(): NDArray {
    return unary('log', this);
  }
  /** ln(1 + x), accurate for small x. */
  log1p(): NDArray {
    return unary('log1p', this);
  }
  sqrt(): NDArray {
    return unary('sqrt', this);
  }
  abs(): NDArray {
    return unary('abs', this);
  }
  sign(): NDArray {
    return unary('sign', this);
  }
  relu(): NDArray {
    return unary('relu', this);
  }
  sigmoid(): NDArray {
    return unary('sigmoid', this);
  }
  tanh(): NDArray {
    return unary('tanh', this);
  }
  sin(): NDArray {
    return unary('sin', this);
  }
  cos(): NDArray {
    return unary('cos', this);
  }
  clamp(min?: number | null, max?: number | null): NDArray {
    return unary('clamp', this, clampBounds(min, max));
  }

  // ---- in-place (PyTorch's trailing underscore) ----

  add_(other: Operand): this {
    return binaryInPlace('add', this, other);
  }
  sub_(other: Operand): this {
    return binaryInPlace('sub', this, other);
  }
  mul_(other: Operand): this {
    return binaryInPlace('mul', this, other);
  }
  div_(other: Operand): this {
    return binaryInPlace('div', this, other);
  }
  pow_(exponent: Operand): this {
    return binaryInPlace('pow', this, exponent);
  }
  neg_(): this {
    return unaryInPlace('neg', this);
  }
  exp_(): this {
    return unaryInPlace('exp', this);
  }
  log_(): this {
    return unaryInPlace('log', this);
  }
  sqrt_(): this {
    return unaryInPlace('sqrt', this);
  }
  abs_(): this {
    return unaryInPlace('abs', this);
  }
  relu_(): this {
    return unaryInPlace('relu', this);
  }
  sigmoid_(): this {
    return unaryInPlace('sigmoid', this);
  }
  tanh_(): this {
    return unaryInPlace('tanh', this);
  }
  clamp_(min?: number | null, max?: number | null): this {
    return unaryInPlace('clamp', this, clampBounds(min, max));
  }

  fill_(value: number): this {
    const v = castScalar('fill_', value, this.dtype);
    if (this.isContiguous) {
      this.storage.data.fill(v, this.offset, this.offset + this.size);
    } else {
      assignStrided(this, NDArray.scalar(v, this.dtype));
    }
    this.storage.version++;
    return this;
  }

  zero_(): this {
    return this.fill_(0);
  }

  /** Copies `source` into this array (broadcasting it, converting its dtype). */
  copy_(source: NDArray): this {
    if (!shapesEqual(broadcastShapes('copy_', source.shape, this.shape), this.shape)) {
      throw new ShapeError(
        `copy_: source of shape ${formatShape(source.shape)} cannot be broadcast to ${formatShape(this.shape)}`,
      );
    }
    if (source === this) {
      this.storage.version++; // PyTorch's copy_ of a tensor into itself does nothing
      return this;
    }
    checkNoInternalOverlap('copy_', this);
    const tooHard = checkNoPartialOverlap('copy_', this, source);
    const from = source.dtype !== this.dtype ? cast(source, this.dtype) : tooHard ? source.clone() : source;
    if (this.size === 0) {
      // Nothing to write (and a zero-size view's offset may lie past the end of its storage).
    } else if (this.isContiguous && from.isContiguous && from.size === this.size) {
      this.storage.data.set(from.storage.data.subarray(from.offset, from.offset + from.size), this.offset);
    } else {
      assignStrided(this, from);
    }
    this.storage.version++;
    return this;
  }

  normal_(mean = 0, std = 1, options: { generator?: Generator } = {}): this {
    fillNormal(this, mean, std, options.generator);
    return this;
  }

  uniform_(low = 0, high = 1, options: { generator?: Generator } = {}): this {
    fillUniform(this, low, high, options.generator);
    return this;
  }

  // ---- reductions ----

  sum(dim?: number | readonly number[], keepdim = false): NDArray {
    return sumOf(this, dim, keepdim);
  }

  mean(dim?: number | readonly number[], keepdim = false): NDArray {
    return meanOf(this, dim, keepdim);
  }

  /** Largest element; with `dim`, the largest along it and where it is (PyTorch's `max(dim)`). */
  max(): NDArray;
  max(dim: number, keepdim?: boolean): ValuesAndIndices;
  max(dim?: number, keepdim = false): NDArray | ValuesAndIndices {
    return dim === undefined ? extreme('max', this) : extremeWithIndices('max', this, dim, keepdim);
  }

  min(): NDArray;
  min(dim: number, keepdim?: boolean): ValuesAndIndices;
  min(dim?: number, keepdim = false): NDArray | ValuesAndIndices {
    return dim === undefined ? extreme('min', this) : extremeWithIndices('min', this, dim, keepdim);
  }

  argmax(dim?: number, keepdim = false): NDArray {
    return argExtreme('argmax', this, dim, keepdim);
  }

  argmin(dim?: number, keepdim = false): NDArray {
    return argExtreme('argmin', this, dim, keepdim);
  }

  /** Variance along `dim` (all elements by default), dividing by N − correction (default 1). */
  var(dim?: number | readonly number[], options: { correction?: number; keepdim?: boolean } = {}): NDArray {
    return variance(this, dim, options.correction ?? 1, options.keepdim ?? false);
  }

  /** Standard deviation along `dim`, dividing by N − correction (default 1). */
  std(dim?: number | readonly number[], options: { correction?: number; keepdim?: boolean } = {}): NDArray {
    return standardDeviation(this, dim, options.correction ?? 1, options.keepdim ?? false);
  }

  matmul(other: NDArray): NDArray {
    return matmul(this, other);
  }

  // ---- helpers ----

  /** A 0-d array holding `value`. */
  static scalar(value: number, dtype: DType): NDArray {
    const out = NDArray.zeros([], dtype);
    out.storage.data[0] = value;
    return out;
  }

  private flatIndex(op: string, index: readonly number[]): number {
    if (index.length !== this.ndim) {
      throw new IndexError(
        `${op}: expected ${this.ndim} indices for shape ${formatShape(this.shape)}, got ${index.length}`,
      );
    }
    let flat = this.offset;
    for (let i = 0; i < index.length; i++) {
      const size = this.shape[i]!;
      let k = index[i]!;
      if (!Number.isInteger(k) || k < -size || k >= size) {
        throw new IndexError(`${op}: index ${k} is out of bounds for dimension ${i} with size ${size}`);
      }
      if (k < 0) k += size;
      flat += k * this.strides[i]!;
    }
    return flat;
  }
}

export type { BinaryOpName, UnaryOpName, ValuesAndIndices };

// normalizeDim lets a 0-d array name dim 0 (or -1), as PyTorch does, but there is nothing to
// index along it: PyTorch refuses these ops on 0-d tensors.
function checkHasDims(op: string, a: NDArray): void {
  if (a.ndim === 0) throw new IndexError(`${op}() cannot be applied to a 0-dim tensor.`);
}

function clampBounds(min?: number | null, max?: number | null): readonly [number, number] {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new ValueError('clamp: at least one of min or max must not be null');
  }
  return [min ?? Number.NEGATIVE_INFINITY, max ?? Number.POSITIVE_INFINITY];
}

/**
 * Strides that let a view of (shape, strides) be read as `target` without copying, or null.
 * Dims of the old shape merge into a chunk only where they are laid out back to back in memory.
 */
function viewStrides(shape: Shape, strides: readonly number[], target: readonly number[]): number[] | null {
  const out = new Array<number>(target.length);
  if (numel(shape) === 0) return contiguousStrides(target);
  let viewD = target.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    const chunkEnds = d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase);
    if (chunkEnds) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}
