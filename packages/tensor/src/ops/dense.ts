import type { TypedArray } from '../dtype.js';
import type { NDArray } from '../ndarray.js';

/**
 * The elements of `x` in row-major order as one typed array from index 0: the storage itself when
 * `x` is all of a contiguous storage, a view of it when contiguous, else a copy. What kernels that
 * take plain arrays (convolution, normalisation, recurrences) are given.
 */
export function denseData(x: NDArray): TypedArray {
  const c = x.contiguous();
  const data = c.storage.data;
  return c.offset === 0 && data.length === c.size ? data : data.subarray(c.offset, c.offset + c.size);
}
