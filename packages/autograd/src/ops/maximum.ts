import { Node } from '../node.js';
import { plain, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { where } from './where.js';

/** The larger (or smaller) input takes the gradient; ties split it in half, as in PyTorch. */
class ExtremumBackward extends Node {
  constructor(private readonly kind: 'maximum' | 'minimum') {
    super();
  }
  get name(): string {
    return this.kind === 'maximum' ? 'MaximumBackward0' : 'MinimumBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a, b] = this.saved() as [Tensor, Tensor];
    const half = grad.div(2);
    const aWins = this.kind === 'maximum' ? a.gt(b) : a.lt(b);
    const bWins = this.kind === 'maximum' ? a.lt(b) : a.gt(b);
    const tie = a.eq(b);
    const zero = grad.mul(0);
    return [
      this.needsGrad(0) ? where(tie, half, where(aWins, grad, zero)) : null,
      this.needsGrad(1) ? where(tie, half, where(bWins, grad, zero)) : null,
    ];
  }
}

function extremum(kind: 'maximum' | 'minimum', a: Tensor, b: Tensor): Tensor {
  const out = kind === 'maximum' ? a.array.maximum(b.array) : a.array.minimum(b.array);
  if (!tracks(a, b)) return plain(out);
  const node = new ExtremumBackward(kind);
  node.saveForBackward(a, b);
  return record2(node, out, a, b);
}

/** Element-wise maximum with broadcasting (NaN propagates). */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return extremum('maximum', a, b);
}

/** Element-wise minimum with broadcasting (NaN propagates). */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return extremum('minimum', a, b);
}
