import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { keepWhere } from './mask.js';

export interface Bounds {
  readonly min: number | null;
  readonly max: number | null;
}

/** The gradient flows where min <= self <= max (both inclusive; never for NaN), as in PyTorch. */
const ClampBackward1 = defineOp('clamp', 'ClampBackward1', {
  self: {
    saves: ['self'],
    grad: (g, { self }, { min, max }: Bounds) => {
      const x = self.array;
      const inside = min === null ? x.le(max!) : max === null ? x.ge(min) : x.ge(min).mul(x.le(max));
      return keepWhere(g, inside);
    },
  },
});

export function clamp(a: Tensor, min?: number | null, max?: number | null): Tensor {
  const out = a.array.clamp(min, max);
  return tracks(a) ? ClampBackward1.record1(out, a, { min: min ?? null, max: max ?? null }) : plain(out);
}
