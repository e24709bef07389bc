import { isFloating, type DType } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { kernelOrNull } from '../kernels/dispatch.js';
import { sumWork } from '../kernels/registry.js';
import { NDArray } from '../ndarray.js';
import { formatShape, normalizeDim, shapesEqual, type Shape } from '../shape.js';
import { checkInt32 } from './int32.js';

/** PyTorch's named tuple from `max(dim)`/`min(dim)`; indices are int32 (PyTorch: int64). */
export interface ValuesAndIndices {
  readonly values: NDArray;
  readonly indices: NDArray;
}

// Integer sums accumulate as PyTorch's int64 does, stored as our int32.
function sumDType(dtype: DType): DType {
  return isFloating(dtype) ? dtype : 'int32';
}

/** Normalised, sorted, de-duplicated dims (all dims when `dim` is undefined or empty). */
const ALL_DIMS: number[][] = [];

/** [0, 1, ..., ndim-1], shared per rank (callers never modify it). */
function allDims(ndim: number): number[] {
  return (ALL_DIMS[ndim] ??= Array.from({ length: ndim }, (_, i) => i));
}

function reductionDims(op: string, a: NDArray, dim: number | readonly number[] | undefined): number[] {
  // PyTorch's sum/mean treat `dim=[]` as "every dim", not as "no reduction".
  if (dim === undefined || (typeof dim !== 'number' && dim.length === 0)) return allDims(a.ndim);
  if (typeof dim === 'number') {
    const d = normalizeDim(op, dim, a.ndim); // a 0-d array accepts 0 and -1, as in PyTorch
    return a.ndim === 0 ? [] : [d];
  }
  const list = dim;
  const dims = list.map((d) => normalizeDim(op, d, a.ndim));
  const sorted = [...new Set(dims)].sort((x, y) => x - y);
  if (sorted.length !== dims.length)
    throw new ValueError(`${op}: dim ${formatShape(list)} appears multiple times in the list of dims`);
  return a.ndim === 0 ? [] : sorted;
}

function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!dims.includes(i)) out.push(shape[i]!);
    else if (keepdim) out.push(1);
  }
  return out;
}

// The backend writes a whole-array sum here (sums are synchronous, so one cell serves every call).
const SCALAR_SUM = new Float64Array(1);

/**
 * Sums over `dims` of a contiguous array in one pass: each element adds into the output slot of
 * its kept coordinates. Accumulates in float64 whatever the dtype.
 */
function sumInto(a: NDArray, dims: readonly number[], outShape: number[]): NDArray {
  const source = a.contiguous();
  const data = source.storage.data;
  const base = source.offset;
  const n = a.size;
  const dtype = sumDType(a.dtype);
  if (dims.length === a.ndim) {
    let total = 0;
    const sumKernel = data instanceof Float32Array ? kernelOrNull('sum', sumWork(n, 1)) : null;
    if (sumKernel !== null) {
      sumKernel(data as Float32Array, base, 1, n, 1, SCALAR_SUM);
      total = SCALAR_SUM[0]!;
    } else {
      for (let i = 0; i < n; i++) total += data[base + i]!;
    }
    // outShape is [] or, with keepdim, all ones: either way one element.
    if (dtype === 'int32') checkInt32('sum', total);
    const out = NDArray.zeros(outShape, dtype, 'sum');
    out.storage.data[0] = total;
    return out;
  }
  // View as [outer, reduced, inner] when the reduced dims are adjacent (the common case).
  const first = dims[0]!;
  const last = dims[dims.length - 1]!;
  if (last - first + 1 === dims.length) {
    let outer = 1;
    let reduced = 1;
    let inner = 1;
    for (let i = 0; i < a.ndim; i++) {
      const d = a.shape[i]!;
      if (i < first) outer *= d;
      else if (i <= last) reduced *= d;
      else inner *= d;
    }
    const acc = new Float64Array(outer * inner);
    const sumKernel = data instanceof Float32Array ? kernelOrNull('sum', sumWork(reduced, inner)) : null;
    if (sumKernel !== null) {
      sumKernel(data as Float32Array, base, outer, reduced, inner, acc);
      const out = NDArray.zeros(outShape, dtype, 'sum');
      out.storage.data.set(acc);
      return out;
    }
    for (let o = 0; o < outer; o++) {
      const row = o * inner;
      for (let r = 0; r < reduced; r++) {
        const start = base + (o * reduced + r) * inner;
        for (let i = 0; i < inner; i++) acc[row + i]! += data[start + i]!;
      }
    }
    if (dtype === 'int32') for (let i = 0; i < acc.length; i++) checkInt32('sum', acc[i]!);
    const out = NDArray.zeros(outShape, dtype, 'sum');
    out.storage.data.set(acc);
    return out;
  }
  // Non-adjacent dims: reduce the last one, then the rest.
  const partial = sumInto(a, [last], reducedShape(a.shape, [last], true));
  return sumInto(partial, dims.slice(0, -1), outShape);
}

export function sum(a: NDArray, dim: number | readonly number[] | undefined, keepdim: boolean): NDArray {
  const dims = reductionDims('sum', a, dim);
  return sumInto(a, dims, reducedShape(a.shape, dims, keepdim));
}

export function mean(a: NDArray, dim: number | readonly number[] | undefined, keepdim: boolean): NDArray {
  if (!isFloating(a.dtype)) {
    throw new DTypeError(`mean: could not infer output dtype; input dtype must be float32 or float64, got ${a.dtype}`);
  }
  const dims = reductionDims('mean', a, dim);
  let count = 1;
  for (const d of dims) count *= a.shape[d]!;
  const total = sumInto(a, dims, reducedShape(a.shape, dims, keepdim));
  const data = total.storage.data;
  for (let i = 0; i < data.length; i++) data[i] = data[i]! / count; // 0/0 = NaN for empty, as PyTorch
  return total;
}

/** `b` is a better candidate than `best` (NaN beats everything; ties keep the first). */
function beats(kind: 'max' | 'min', b: number, best: number): boolean {
  if (best !== best) return false;
  if (b !== b) return true;
  return kind === 'max' ? b > best : b < best;
}

function checkNotEmpty(op: string, a: NDArray, dimSize: number): void {
  if (dimSize === 0) {
    throw new ShapeError(
      `${op}: cannot reduce over an empty dimension of tensor with shape ${formatShape(a.shape)}; specify a non-empty dim`,
    );
  }
}

/** The extreme value and its index along `dim` for every kept position. */
function reduceExtreme(op: string, kind: 'max' | 'min', a: NDArray, dim: number, keepdim: boolean): ValuesAndIndices {
  const d = normalizeDim(op, dim, a.ndim);
  const size = a.ndim === 0 ? 1 : a.shape[d]!;
  checkNotEmpty(op, a, size);
  const source = a.contiguous();
  const data = source.storage.data;
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < a.ndim; i++) {
    if (i < d) outer *= a.shape[i]!;
    else if (i > d) inner *= a.shape[i]!;
  }
  const shape = a.ndim === 0 ? [] : reducedShape(a.shape, [d], keepdim);
  const values = NDArray.zeros(shape, a.dtype);
  const indices = NDArray.zeros(shape, 'int32');
  const v = values.storage.data;
  const ix = indices.storage.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = source.offset + o * size * inner + i;
      let best = data[start]!;
      let bestIndex = 0;
      for (let k = 1; k < size; k++) {
        const x = data[start + k * inner]!;
        if (beats(kind, x, best)) {
          best = x;
          bestIndex = k;
        }
      }
      v[o * inner + i] = best;
      ix[o * inner + i] = bestIndex;
    }
  }
  return { values, indices };
}

export function extremeWithIndices(kind: 'max' | 'min', a: NDArray, dim: number, keepdim: boolean): ValuesAndIndices {
  return reduceExtreme(kind, kind, a, dim, keepdim);
}

/** Max or min over all elements, as a 0-d array. */
export function extreme(kind: 'max' | 'min', a: NDArray): NDArray {
  if (a.size === 0) {
    throw new ShapeError(
      `${kind}: expected reduction dim to be specified for an empty input (shape ${formatShape(a.shape)})`,
    );
  }
  return reduceExtreme(kind, kind, a.reshape([-1]), 0, false).values;
}

export function argExtreme(op: 'argmax' | 'argmin', a: NDArray, dim: number | undefined, keepdim: boolean): NDArray {
  const kind = op === 'argmax' ? 'max' : 'min';
  if (dim === undefined) {
    const flat = reduceExtreme(op, kind, a.reshape([-1]), 0, false).indices;
    return keepdim ? flat.reshape(a.shape.map(() => 1)) : flat;
  }
  return reduceExtreme(op, kind, a, dim, keepdim).indices;
}

/**
 * Sums `a` down to `shape`, which `a`'s shape must be a broadcast of: the leading extra dims and
 * the dims where `shape` has 1 are summed away.
 */
export function sumToShape(a: NDArray, shape: Shape): NDArray {
  if (shapesEqual(a.shape, shape)) return a;
  const lead = a.ndim - shape.length;
  if (lead < 0) throw new ShapeError(`sumTo: cannot sum shape ${formatShape(a.shape)} down to ${formatShape(shape)}`);
  const dims: number[] = [];
  for (let i = 0; i < a.ndim; i++) {
    const target = i < lead ? 1 : shape[i - lead]!;
    const have = a.shape[i]!;
    if (i < lead || (target === 1 && have !== 1)) dims.push(i);
    else if (target !== have)
      throw new ShapeError(`sumTo: cannot sum shape ${formatShape(a.shape)} down to ${formatShape(shape)}`);
  }
  if (dims.length === 0) return a.reshape(shape);
  return sumInto(a, dims, reducedShape(a.shape, dims, true).slice(lead)).reshape(shape);
}
