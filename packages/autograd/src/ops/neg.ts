import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const NegBackward0 = defineOp('neg', 'NegBackward0', {
  self: (g) => g.neg(),
});

export function neg(a: Tensor): Tensor {
  const out = a.array.neg();
  return tracks(a) ? NegBackward0.record1(out, a) : plain(out);
}
