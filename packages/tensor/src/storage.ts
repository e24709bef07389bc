import { allocate, dtypeOfTypedArray, type DType, type TypedArray } from './dtype.js';

/**
 * One typed array shared by every view of it. Kernels read and write `data` directly, so a
 * WebAssembly or worker kernel can operate on the same memory.
 *
 * `version` counts in-place writes. Autograd compares it with the value it saw when it saved a
 * tensor for backward, and so refuses to compute gradients from data that changed since.
 */
export class Storage {
  version = 0;
  readonly dtype: DType;
  /** `dtype`, when the caller knows it, spares finding it from the array's class. */
  constructor(
    readonly data: TypedArray,
    dtype?: DType,
  ) {
    this.dtype = dtype ?? dtypeOfTypedArray(data);
  }

  /** Zeroed storage; `op` and `shape` name the caller in the error for one too large. */
  static allocate(dtype: DType, length: number, op?: string, shape?: readonly number[]): Storage {
    return new Storage(allocate(dtype, length, op, shape), dtype);
  }
}
