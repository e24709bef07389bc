import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const ReciprocalBackward0 = defineOp('reciprocal', 'ReciprocalBackward0', {
  self: { saves: ['result'], grad: (g, { result }) => g.neg().mul(result.mul(result)) },
});

/** 1 / a. */
export function reciprocal(a: Tensor): Tensor {
  const out = a.array.rdiv(1);
  return tracks(a) ? ReciprocalBackward0.record1(out, a) : plain(out);
}
