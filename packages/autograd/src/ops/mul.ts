import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

// Each input's gradient reads only the other input, so only that one is saved.
const MulBackward0 = defineOp('mul', 'MulBackward0', {
  self: { saves: ['other'], grad: (g, { other }) => g.mul(other) },
  other: { saves: ['self'], grad: (g, { self }) => g.mul(self) },
});

const MulScalarBackward0 = defineOp('mul', 'MulBackward0', {
  self: (g, _saved, scalar: number) => g.mul(scalar),
});

/** a * b (b a tensor that broadcasts, or a number). */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.mul(b);
    return tracks(a) ? MulScalarBackward0.record1(out, a, b) : plain(out);
  }
  const out = a.array.mul(b.array);
  return tracks(a, b) ? MulBackward0.record2(out, a, b) : plain(out);
}
