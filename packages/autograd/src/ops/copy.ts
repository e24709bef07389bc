import type { DType } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const CloneBackward0 = defineOp('clone', 'CloneBackward0', {
  self: (g) => g,
});

const ToCopyBackward0 = defineOp('to', 'ToCopyBackward0', {
  self: (g) => g, // the engine casts it back to the input's dtype
});

/** A copy with its own storage. */
export function clone(a: Tensor): Tensor {
  const out = a.array.clone();
  return tracks(a) ? CloneBackward0.record1(out, a) : plain(out);
}

/** The tensor itself when already contiguous, otherwise a contiguous copy. */
export function contiguous(a: Tensor): Tensor {
  if (a.array.isContiguous) return a;
  return clone(a);
}

/** Converted to `dtype` (the tensor itself when it already has it). */
export function to(a: Tensor, dtype: DType): Tensor {
  if (a.dtype === dtype) return a;
  const out = a.array.to(dtype);
  return tracks(a) ? ToCopyBackward0.record1(out, a) : plain(out);
}
