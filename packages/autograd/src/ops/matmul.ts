import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** The node's name and the operands' ranks (all a rule needs of the operand it did not save). */
export interface Ranks {
  readonly name: string;
  readonly left: number;
  readonly right: number;
}

/**
 * torch.matmul's gradient: treat a 1-D left operand as a row and a 1-D right one as a column,
 * restore the dims the product dropped, multiply by the other operand's transpose, drop the
 * added dims again. Batch dims that broadcast are summed back by the engine.
 */
function restored(g: Tensor, { left, right }: Ranks): Tensor {
  let out = g;
  if (left === 1) out = out.unsqueeze(-1 - (right === 1 ? 0 : 1));
  if (right === 1) out = out.unsqueeze(-1);
  return out;
}

const MatmulBackward = defineOp('matmul', (ranks: Ranks) => ranks.name, {
  self: {
    saves: ['other'],
    grad: (g, { other }, ranks: Ranks) => {
      const right = ranks.right === 1 ? other.unsqueeze(1) : other;
      const gradient = restored(g, ranks).matmul(right.transpose(-1, -2));
      return ranks.left === 1 ? gradient.squeeze(-2) : gradient;
    },
  },
  other: {
    saves: ['self'],
    grad: (g, { self }, ranks: Ranks) => {
      const left = ranks.left === 1 ? self.unsqueeze(0) : self;
      const gradient = left.transpose(-1, -2).matmul(restored(g, ranks));
      return ranks.right === 1 ? gradient.squeeze(-1) : gradient;
    },
  },
});

function nodeName(a: Tensor, b: Tensor): string {
  if (a.ndim === 2 && b.ndim === 2) return 'MmBackward0';
  if (a.ndim === 2 && b.ndim === 1) return 'MvBackward0';
  if (a.ndim === 1 && b.ndim === 1) return 'DotBackward0';
  return 'BmmBackward0';
}

/** Matrix product with torch.matmul's rules for 1-D, 2-D and batched operands. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const out = a.array.matmul(b.array);
  if (!tracks(a, b)) return plain(out);
  return MatmulBackward.record2(out, a, b, { name: nodeName(a, b), left: a.ndim, right: b.ndim });
}
