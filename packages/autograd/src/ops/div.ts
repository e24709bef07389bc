import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

// PyTorch's formulas: grad / other, and -grad · ((self / other) / other).
const DivBackward0 = defineOp('div', 'DivBackward0', {
  self: { saves: ['other'], grad: (g, { other }) => g.div(other) },
  other: { saves: ['self', 'other'], grad: (g, { self, other }) => g.neg().mul(self.div(other).div(other)) },
});

const DivScalarBackward0 = defineOp('div', 'DivBackward0', {
  self: (g, _saved, scalar: number) => g.div(scalar),
});

/** a / b, true division (integers divide to float32, as in PyTorch). */
export function div(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.div(b);
    return tracks(a) ? DivScalarBackward0.record1(out, a, b) : plain(out);
  }
  const out = a.array.div(b.array);
  return tracks(a, b) ? DivBackward0.record2(out, a, b) : plain(out);
}
