import { DTypeError, IndexError, ShapeError } from '../errors.js';
import { NDArray } from '../ndarray.js';
import { formatShape, normalizeDim } from '../shape.js';

/**
 * Walks every position of `index` (any strides): `visit(indexValue, selfOffset, otherOffset)` where
 * selfOffset addresses `self` at that position with `dim` replaced by the index value, and
 * otherOffset addresses `other` (src or out) at the position itself. PyTorch's rule for gather
 * and scatter: index may be smaller than self in every dim but `dim`, and than src in every dim.
 */
function walkIndex(
  op: string,
  self: NDArray,
  dim: number,
  index: NDArray,
  other: NDArray,
  visit: (selfOffset: number, otherOffset: number) => void,
): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype}`);
  const rank = Math.max(self.ndim, 1);
  if (index.ndim !== self.ndim && !(index.ndim <= 1 && self.ndim <= 1)) {
    throw new ShapeError(
      `${op}: index ${formatShape(index.shape)} must have as many dims as the input ${formatShape(self.shape)}`,
    );
  }
  const d = normalizeDim(op, dim, self.ndim);
  const dims = (x: NDArray) => (x.ndim === 0 ? [1] : x.shape);
  const strides = (x: NDArray) => (x.ndim === 0 ? [1] : x.strides);
  const [ishape, sshape, oshape] = [dims(index), dims(self), dims(other)];
  for (let k = 0; k < rank; k++) {
    if ((k !== d && ishape[k]! > sshape[k]!) || ishape[k]! > oshape[k]!) {
      throw new ShapeError(
        `${op}: index ${formatShape(index.shape)} is larger than ${k !== d && ishape[k]! > sshape[k]! ? `the input ${formatShape(self.shape)}` : formatShape(other.shape)} in dim ${k}`,
      );
    }
  }
  const [istr, sstr, ostr] = [strides(index), strides(self), strides(other)];
  const size = sshape[d]!;
  const data = index.storage.data;
  const position = new Array<number>(rank).fill(0);
  const count = index.size;
  for (let n = 0; n < count; n++) {
    let io = index.offset;
    let so = self.offset;
    let oo = other.offset;
    for (let k = 0; k < rank; k++) {
      io += position[k]! * istr[k]!;
      oo += position[k]! * ostr[k]!;
      if (k !== d) so += position[k]! * sstr[k]!;
    }
    const i = data[io]!;
    if (i < -size || i >= size) {
      throw new IndexError(`${op}: index ${i} is out of bounds for dimension ${d} with size ${size}`);
    }
    visit(so + (i < 0 ? i + size : i) * sstr[d]!, oo);
    for (let k = rank - 1; k >= 0; k--) {
      if (++position[k]! < ishape[k]!) break;
      position[k] = 0;
    }
  }
}

/** out[i][j] = self[index[i][j]][j] for dim 0 (torch.gather); out has index's shape. */
export function gather(self: NDArray, dim: number, index: NDArray): NDArray {
  const out = NDArray.zeros(index.shape, self.dtype);
  const from = self.storage.data;
  const to = out.storage.data;
  walkIndex('gather', self, dim, index, out, (s, o) => {
    to[o] = from[s]!;
  });
  return out;
}

/** A copy of self with self[index[i][j]][j] = src[i][j] for dim 0 (torch.scatter); later writes win. */
export function scatter(self: NDArray, dim: number, index: NDArray, src: NDArray | number): NDArray {
  return scatterInto('scatter', self.clone(), dim, index, src, false);
}

/** A copy of self with src added at the indexed positions (torch.scatter_add); repeats accumulate. */
export function scatterAdd(self: NDArray, dim: number, index: NDArray, src: NDArray): NDArray {
  return scatterInto('scatterAdd', self.clone(), dim, index, src, true);
}

/** Writes (or adds) `src` into `target` in place at the indexed positions; returns `target`. */
export function scatterInto(
  op: string,
  target: NDArray,
  dim: number,
  index: NDArray,
  src: NDArray | number,
  accumulate: boolean,
): NDArray {
  const source = typeof src === 'number' ? NDArray.scalar(src, target.dtype).expand(index.shape) : src;
  if (source.dtype !== target.dtype) {
    throw new DTypeError(`${op}: expected src of dtype ${target.dtype} (the input's), got ${source.dtype}`);
  }
  const to = target.storage.data;
  const from = source.storage.data;
  walkIndex(op, target, dim, index, source, (t, s) => {
    if (accumulate) to[t]! += from[s]!;
    else to[t] = from[s]!;
  });
  target.storage.version++;
  return target;
}
