import { DEFAULT_DTYPE, isFloating, promoteTypes, promoteWithScalar, type DType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { NDArray } from '../ndarray.js';

// PyTorch's categories: a zero-dim tensor (or a JS number) only changes the result dtype when its
// category is higher than that of the dimensioned operand.
function category(dtype: DType): number {
  return dtype === 'bool' ? 0 : dtype === 'int32' ? 1 : 2;
}

/** The result dtype of a binary op on two arrays, by PyTorch's type-promotion rules. */
export function resultType(a: NDArray, b: NDArray): DType {
  const aDims = a.shape.length > 0;
  const bDims = b.shape.length > 0;
  if (aDims === bDims || a.dtype === b.dtype) return promoteTypes(a.dtype, b.dtype);
  const [dimmed, zeroDim] = aDims ? [a.dtype, b.dtype] : [b.dtype, a.dtype];
  return category(zeroDim) > category(dimmed) ? zeroDim : dimmed;
}

/** The result dtype of `array op scalar`. */
export function resultTypeWithScalar(a: NDArray, scalar: number): DType {
  return promoteWithScalar(a.dtype, scalar);
}

/** PyTorch's `can_cast`: an in-place op may not store a result into a lower category. */
export function checkCanCast(op: string, from: DType, to: DType): void {
  if (category(from) > category(to)) {
    throw new DTypeError(`${op}: result type ${from} can't be cast to the desired output type ${to}`);
  }
}

export function defaultFloat(dtype: DType): DType {
  return isFloating(dtype) ? dtype : DEFAULT_DTYPE;
}
