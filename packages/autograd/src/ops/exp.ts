import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const ExpBackward0 = defineOp('exp', 'ExpBackward0', {
  self: { saves: ['result'], grad: (g, { result }) => g.mul(result) },
});

export function exp(a: Tensor): Tensor {
  const out = a.array.exp();
  return tracks(a) ? ExpBackward0.record1(out, a) : plain(out);
}
