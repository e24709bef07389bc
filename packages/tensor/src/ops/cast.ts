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
export function cast(a: NDArray, dtype: DType, op = `to(${dtype})`): NDArray {
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
          `${op}: cannot convert ${v} (element ${i}) from ${a.dtype} to int32; the value is NaN, infinite or out of range`,
        );
      }
      to[i] = v;
    }
  } else {
    for (let i = 0; i < n; i++) to[i] = from[start + i]!;
  }
  return out;
}

/**
 * One number as an element of `dtype`, by the same rules as `cast` (`full`, `fill_`, `set` and
 * `tensor` write single values; a typed array alone would store 2 into a bool or NaN into an int32
 * as garbage).
 */
export function castScalar(op: string, value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype === 'int32' && !(value > INT32_MIN - 1 && value < INT32_MAX + 1)) {
    throw new DTypeError(`${op}: cannot convert ${value} to int32; the value is NaN, infinite or out of range`);
  }
  return value;
}
