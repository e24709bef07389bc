import { isFloating, type DType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { NDArray } from '../ndarray.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * A contiguous copy converted to `dtype`. Floats convert to int32 by truncation toward zero, as
 * in PyTorch; NaN, ±inf or values outside int32's range are an error rather than garbage. Any
 * non-zero value (NaN included) converts to `true`.
 */
export function cast(a: NDArray, dtype: DType): NDArray {
  const source = a.contiguous();
  const from = source.storage.data;
  const out = NDArray.zeros(a.shape, dtype);
  const to = out.storage.data;
  const n = a.size;
  const start = source.offset;
  if (dtype === 'bool') {
    for (let i = 0; i < n; i++) to[i] = from[start + i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32' && isFloating(a.dtype)) {
    for (let i = 0; i < n; i++) {
      const v = from[start + i]!;
      if (!(v > INT32_MIN - 1 && v < INT32_MAX + 1)) {
        throw new DTypeError(
          `to(int32): cannot convert ${v} (element ${i}) from ${a.dtype} to int32; the value is NaN, infinite or out of range`,
        );
      }
      to[i] = v;
    }
  } else {
    for (let i = 0; i < n; i++) to[i] = from[start + i]!;
  }
  return out;
}
