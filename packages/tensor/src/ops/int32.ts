import { DTypeError } from '../errors.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Throws when an integer result does not fit int32. torchlet's int32 stands in for PyTorch's
 * int64, so sums and arithmetic on indices and counts that PyTorch computes exactly must not
 * wrap around silently here.
 */
export function checkInt32(op: string, value: number): void {
  if (value < INT32_MIN || value > INT32_MAX) {
    throw new DTypeError(
      `${op}: integer overflow: the result ${value} does not fit in int32 (torchlet's stand-in for PyTorch's int64, range [${INT32_MIN}, ${INT32_MAX}]); convert to float64 with .to('float64') first`,
    );
  }
}
