import type { DType, TypedArray } from '@torchlet/tensor';

/**
 * What the encoder needs from a tensor: its shape, its dtype and its values in row-major order.
 * An `NDArray` has these, and so does anything wrapping one (an autograd `Tensor`, a `Parameter`),
 * so checkpoint code never depends on the packages that define them.
 */
export interface TensorSource {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The elements in row-major (C) order, as the typed array of `dtype`; may be a copy. */
  toTypedArray(): TypedArray;
}
