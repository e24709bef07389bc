import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import type { NDArray } from './ndarray.js';

/** An scijs `ndarray` view of the same memory, for the strided kernels of `ndarray-ops`. */
export type StridedView = ndarray.NdArray<ndarray.Data<number>>;

const SCALAR_SHAPE = [1];
const SCALAR_STRIDES = [1];

export function stridedView(array: NDArray): StridedView {
  if (array.shape.length === 0) {
    return ndarray(array.storage.data, SCALAR_SHAPE, SCALAR_STRIDES, array.offset);
  }
  return ndarray(array.storage.data, array.shape as number[], array.strides as number[], array.offset);
}

/** A view of `array` broadcast to `shape` (stride 0 along broadcast dims), without copying. */
export function broadcastView(array: NDArray, shape: readonly number[]): StridedView {
  const rank = shape.length;
  if (rank === 0) return stridedView(array);
  const strides = new Array<number>(rank);
  const lead = rank - array.shape.length;
  for (let i = 0; i < rank; i++) {
    const j = i - lead;
    strides[i] = j < 0 || array.shape[j] === 1 ? 0 : array.strides[j]!;
  }
  return ndarray(array.storage.data, shape as number[], strides, array.offset);
}

/** Copies `source` (any strides) into `target` (any strides) of the same shape. */
export function assignStrided(target: NDArray, source: NDArray): void {
  ops.assign(stridedView(target), broadcastView(source, target.shape));
}

export { ops as stridedOps };
