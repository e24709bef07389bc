import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { keepWhere } from './mask.js';

/**
 * PyTorch's rule: where(self == other, grad / 2, grad), then zero where the other input wins.
 * With a NaN neither wins, so both inputs take the whole gradient (minimum(NaN, 0) too).
 */
function share(g: Tensor, self: Tensor, other: Tensor, otherWins: 'lt' | 'gt'): Tensor {
  const tie = self.array.eq(other.array);
  const halved = keepWhere(g, tie, false).add(keepWhere(g.div(2), tie));
  return keepWhere(halved, self.array[otherWins](other.array), false);
}

const MaximumBackward0 = defineOp('maximum', 'MaximumBackward0', {
  self: { saves: ['self', 'other'], grad: (g, { self, other }) => share(g, self, other, 'lt') },
  other: { saves: ['self', 'other'], grad: (g, { self, other }) => share(g, other, self, 'lt') },
});

const MinimumBackward0 = defineOp('minimum', 'MinimumBackward0', {
  self: { saves: ['self', 'other'], grad: (g, { self, other }) => share(g, self, other, 'gt') },
  other: { saves: ['self', 'other'], grad: (g, { self, other }) => share(g, other, self, 'gt') },
});

/** Element-wise maximum with broadcasting (NaN propagates). */
export function maximum(a: Tensor, b: Tensor): Tensor {
  const out = a.array.maximum(b.array);
  return tracks(a, b) ? MaximumBackward0.record2(out, a, b) : plain(out);
}

/** Element-wise minimum with broadcasting (NaN propagates). */
export function minimum(a: Tensor, b: Tensor): Tensor {
  const out = a.array.minimum(b.array);
  return tracks(a, b) ? MinimumBackward0.record2(out, a, b) : plain(out);
}
