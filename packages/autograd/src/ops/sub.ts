import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

// The params: the number subtracted (null for a tensor), which a trace reads.
const SubBackward0 = defineOp<'self' | 'other', number | null>('sub', 'SubBackward0', {
  self: (g) => g,
  other: (g) => g.neg(),
});

const RsubBackward1 = defineOp<'self', number>('rsub', 'RsubBackward1', {
  self: (g) => g.neg(),
});

/** a - b (b a tensor that broadcasts, or a number). */
export function sub(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.sub(b);
    return tracks(a) ? SubBackward0.record1(out, a, b) : plain(out);
  }
  const out = a.array.sub(b.array);
  return tracks(a, b) ? SubBackward0.record2(out, a, b, null) : plain(out);
}

/** scalar - a (PyTorch's `rsub`, what `4.2 - b` becomes). */
export function rsub(a: Tensor, scalar: number): Tensor {
  const out = a.array.rsub(scalar);
  return tracks(a) ? RsubBackward1.record1(out, a, scalar) : plain(out);
}
