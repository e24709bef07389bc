import { promoteTypes } from '../dtype.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { NDArray } from '../ndarray.js';
import { formatShape, normalizeDim } from '../shape.js';
import { assignStrided } from '../strided.js';

/** Reads an index argument as plain numbers, checking it is integral. */
function indexValues(op: string, index: NDArray | ArrayLike<number>): ArrayLike<number> {
  if (!(index instanceof NDArray)) return index;
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  if (index.ndim > 1) throw new ShapeError(`${op}: index must be 0-d or 1-d, got shape ${formatShape(index.shape)}`);
  const values = index.contiguous();
  return values.storage.data.subarray(values.offset, values.offset + values.size);
}

/**
 * Gathers whole slices along `dim` (PyTorch's `index_select`; `features[batch]` in the seed).
 * The copy runs slice by slice, contiguous runs at a time.
 */
export function indexSelect(a: NDArray, dim: number, index: NDArray | ArrayLike<number>): NDArray {
  const d = normalizeDim('indexSelect', dim, a.ndim);
  const indices = indexValues('indexSelect', index);
  const size = a.ndim === 0 ? 1 : a.shape[d]!;
  const count = indices.length;
  const shape = a.ndim === 0 ? [] : a.shape.slice();
  if (a.ndim > 0) shape[d] = count;
  const out = NDArray.zeros(shape, a.dtype);
  const source = a.contiguous();
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < a.ndim; i++) {
    if (i < d) outer *= a.shape[i]!;
    else if (i > d) inner *= a.shape[i]!;
  }
  const from = source.storage.data;
  const to = out.storage.data;
  for (let j = 0; j < count; j++) {
    const k = indices[j]!;
    if (!Number.isInteger(k) || k < -size || k >= size) {
      throw new IndexError(`indexSelect: index ${k} is out of range for dimension ${d} with size ${size}`);
    }
  }
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const raw = indices[j]!;
      const k = raw < 0 ? raw + size : raw;
      const src = source.offset + (o * size + k) * inner;
      const dst = (o * count + j) * inner;
      // Short rows (the tutorial's [n, 2] features) copy faster element by element than
      // through a subarray view, which allocates.
      if (inner <= 16) for (let i = 0; i < inner; i++) to[dst + i] = from[src + i]!;
      else to.set(from.subarray(src, src + inner), dst);
    }
  }
  return out;
}

/** Joins arrays along an existing dim; all other dims must match. */
export function cat(arrays: readonly NDArray[], dim = 0): NDArray {
  if (arrays.length === 0) throw new ValueError('cat: expected a non-empty list of tensors');
  const first = arrays[0]!;
  const d = normalizeDim('cat', dim, first.ndim);
  if (first.ndim === 0) throw new ShapeError('cat: zero-dimensional tensor cannot be concatenated; use stack');
  let dtype = first.dtype;
  let total = 0;
  for (const [i, x] of arrays.entries()) {
    if (x.ndim !== first.ndim) {
      throw new ShapeError(
        `cat: tensors must have the same number of dimensions: got ${first.ndim} and ${x.ndim} (tensor ${i})`,
      );
    }
    for (let k = 0; k < x.ndim; k++) {
      if (k !== d && x.shape[k] !== first.shape[k]) {
        throw new ShapeError(
          `cat: sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[k]} but got size ${x.shape[k]} for tensor number ${i} in the list (shapes ${formatShape(first.shape)} and ${formatShape(x.shape)})`,
        );
      }
    }
    dtype = promoteTypes(dtype, x.dtype);
    total += x.shape[d]!;
  }
  const shape = first.shape.slice();
  shape[d] = total;
  const out = NDArray.zeros(shape, dtype);
  let start = 0;
  for (const x of arrays) {
    const length = x.shape[d]!;
    if (length > 0) assignStrided(out.narrow(d, start, length), x.to(dtype));
    start += length;
  }
  return out;
}

/** Joins arrays of the same shape along a new dim. */
export function stack(arrays: readonly NDArray[], dim = 0): NDArray {
  if (arrays.length === 0) throw new ValueError('stack: expected a non-empty list of tensors');
  const first = arrays[0]!;
  const d = normalizeDim('stack', dim, first.ndim + 1);
  for (const [i, x] of arrays.entries()) {
    if (x.ndim !== first.ndim || x.shape.some((s, k) => s !== first.shape[k])) {
      throw new ShapeError(
        `stack: expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(x.shape)} at entry ${i}`,
      );
    }
  }
  return cat(
    arrays.map((x) => x.unsqueeze(d)),
    d,
  );
}
