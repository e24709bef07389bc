import { broadcastShapes, formatShape, full, ShapeError, shapesEqual, type NDArray } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import type { Tensor } from '../tensor.js';
import { zerosLike } from './mask.js';

// In-place writes whose result does not depend on the old value: that value takes a zero
// gradient (PyTorch's zeros_like(grad)), and copy_'s source the gradient itself (cast and summed
// back to its dtype and shape by the engine).

const CopyBackwards = defineOp('copy_', 'CopyBackwards', {
  self: (g) => zerosLike(g),
  src: (g) => g,
});

const OVERWRITES = {
  fill_: defineOp('fill_', 'FillBackward2', { self: (g) => zerosLike(g) }),
  zero_: defineOp('zero_', 'ZeroBackward0', { self: (g) => zerosLike(g) }),
  normal_: defineOp('normal_', 'NormalBackward0', { self: (g) => zerosLike(g) }),
  uniform_: defineOp('uniform_', 'UniformBackward0', { self: (g) => zerosLike(g) }),
};

/** `source` broadcast and cast to `self`'s shape and dtype, recorded as copy_'s result. */
export function copyInto(self: Tensor, source: Tensor): Tensor {
  if (!shapesEqual(broadcastShapes('copy_', source.shape, self.shape), self.shape)) {
    throw new ShapeError(
      `copy_: source of shape ${formatShape(source.shape)} cannot be broadcast to ${formatShape(self.shape)}`,
    );
  }
  const out = source.array.expand(self.shape).to(self.dtype);
  return CopyBackwards.record2(out, self, source);
}

/** `values` (new values for all of `self`) recorded as the result of the write `op`. */
export function overwritten(op: keyof typeof OVERWRITES, self: Tensor, values: NDArray): Tensor {
  return OVERWRITES[op].record1(values, self);
}

/** A contiguous array shaped like `self` holding `value`. */
export function filledLike(self: Tensor, value: number): NDArray {
  return full(self.shape, value, { dtype: self.dtype });
}
