import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const SinBackward0 = defineOp('sin', 'SinBackward0', {
  self: { saves: ['self'], grad: (g, { self }) => g.mul(self.cos()) },
});

const CosBackward0 = defineOp('cos', 'CosBackward0', {
  self: { saves: ['self'], grad: (g, { self }) => g.mul(self.sin().neg()) },
});

/** sin(a), element-wise (radians). */
export function sin(a: Tensor): Tensor {
  const out = a.array.sin();
  return tracks(a) ? SinBackward0.record1(out, a) : plain(out);
}

/** cos(a), element-wise (radians). */
export function cos(a: Tensor): Tensor {
  const out = a.array.cos();
  return tracks(a) ? CosBackward0.record1(out, a) : plain(out);
}
