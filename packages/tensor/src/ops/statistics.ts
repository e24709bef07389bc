import { isFloating } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import type { NDArray } from '../ndarray.js';

/** How many elements each output of a reduction over `dim` (all dims when undefined) combines. */
export function reducedCount(a: NDArray, dim: number | readonly number[] | undefined): number {
  if (dim === undefined) return a.size;
  const dims = typeof dim === 'number' ? [dim] : dim;
  let count = 1;
  for (const d of dims) count *= a.shape[d < 0 ? d + a.ndim : d] ?? 1;
  return count;
}

function checkCorrection(op: string, a: NDArray, correction: number): void {
  if (!isFloating(a.dtype)) throw new DTypeError(`${op}: expected a floating input, got ${a.dtype}`);
  if (!Number.isFinite(correction))
    throw new ValueError(`${op}: correction must be a finite number, got ${correction}`);
}

/**
 * Variance along `dim` (all elements when undefined) with Bessel's `correction` (PyTorch's
 * default 1: divide by N − 1; 0 gives the biased variance). N − correction ≤ 0 divides by
 * max(0, N − correction), giving inf or NaN as PyTorch does.
 */
export function variance(
  a: NDArray,
  dim: number | readonly number[] | undefined,
  correction: number,
  keepdim: boolean,
): NDArray {
  checkCorrection('var', a, correction);
  const deviations = a.sub(a.mean(dim, true));
  const squares = deviations.mul(deviations).sum(dim, keepdim);
  return squares.div(Math.max(0, reducedCount(a, dim) - correction));
}

/** Standard deviation: the square root of `variance`. */
export function standardDeviation(
  a: NDArray,
  dim: number | readonly number[] | undefined,
  correction: number,
  keepdim: boolean,
): NDArray {
  checkCorrection('std', a, correction);
  return variance(a, dim, correction, keepdim).sqrt();
}
