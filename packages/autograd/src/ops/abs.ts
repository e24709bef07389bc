import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { zerosLike } from './mask.js';

// PyTorch's formula is grad · sgn(self), a product: at 0 an infinite gradient gives NaN there too.
const AbsBackward0 = defineOp('abs', 'AbsBackward0', {
  self: { saves: ['self'], grad: (g, { self }) => g.mul(self.sign()) },
});

const SignBackward0 = defineOp('sign', 'SignBackward0', {
  self: (g) => zerosLike(g),
});

/** |a|; its gradient at 0 is 0, as in PyTorch. */
export function abs(a: Tensor): Tensor {
  const out = a.array.abs();
  return tracks(a) ? AbsBackward0.record1(out, a) : plain(out);
}

/** -1, 0 or 1 by sign (0 for NaN); differentiable with gradient 0 everywhere. */
export function sign(a: Tensor): Tensor {
  const out = a.array.sign();
  return tracks(a) ? SignBackward0.record1(out, a) : plain(out);
}
