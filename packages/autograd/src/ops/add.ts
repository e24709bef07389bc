import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

// The params: the number added (null for a tensor), which a trace reads.
const AddBackward0 = defineOp<'self' | 'other', number | null>('add', 'AddBackward0', {
  self: (g) => g,
  other: (g) => g,
});

/** a + b (b a tensor that broadcasts, or a number). */
export function add(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.add(b);
    return tracks(a) ? AddBackward0.record1(out, a, b) : plain(out);
  }
  const out = a.array.add(b.array);
  return tracks(a, b) ? AddBackward0.record2(out, a, b, null) : plain(out);
}
