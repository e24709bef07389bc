import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const LogBackward0 = defineOp('log', 'LogBackward0', {
  self: { saves: ['self'], grad: (g, { self }) => g.div(self) },
});

const Log1PBackward0 = defineOp('log1p', 'Log1PBackward0', {
  self: { saves: ['self'], grad: (g, { self }) => g.div(self.add(1)) },
});

/** Natural logarithm. */
export function log(a: Tensor): Tensor {
  const out = a.array.log();
  return tracks(a) ? LogBackward0.record1(out, a) : plain(out);
}

/** ln(1 + a), accurate for small a. */
export function log1p(a: Tensor): Tensor {
  const out = a.array.log1p();
  return tracks(a) ? Log1PBackward0.record1(out, a) : plain(out);
}
