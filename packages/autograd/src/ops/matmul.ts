import { Node } from '../node.js';
import { plain, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/**
 * torch.matmul's gradient: treat a 1-D left operand as a row and a 1-D right one as a column,
 * restore the dims the product dropped, multiply by the transposes, drop the added dims again.
 * Batch dims that broadcast are summed back by the engine.
 */
class MatmulBackward extends Node {
  constructor(private readonly kind: string) {
    super();
  }
  get name(): string {
    return this.kind;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a, b] = this.saved() as [Tensor, Tensor];
    const left = a.ndim === 1 ? a.unsqueeze(0) : a;
    const right = b.ndim === 1 ? b.unsqueeze(1) : b;
    let g = grad;
    if (a.ndim === 1) g = g.unsqueeze(-1 - (b.ndim === 1 ? 0 : 1));
    if (b.ndim === 1) g = g.unsqueeze(-1);
    let gradA = this.needsGrad(0) ? g.matmul(right.transpose(-1, -2)) : null;
    let gradB = this.needsGrad(1) ? left.transpose(-1, -2).matmul(g) : null;
    if (gradA !== null && a.ndim === 1) gradA = gradA.squeeze(-2);
    if (gradB !== null && b.ndim === 1) gradB = gradB.squeeze(-1);
    return [gradA, gradB];
  }
}

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
  const node = new MatmulBackward(nodeName(a, b));
  node.saveForBackward(a, b);
  return record2(node, out, a, b);
}
