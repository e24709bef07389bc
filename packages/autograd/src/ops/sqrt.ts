import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const SqrtBackward0 = defineOp('sqrt', 'SqrtBackward0', {
  self: { saves: ['result'], grad: (g, { result }) => g.div(result.mul(2)) },
});

export function sqrt(a: Tensor): Tensor {
  const out = a.array.sqrt();
  return tracks(a) ? SqrtBackward0.record1(out, a) : plain(out);
}
