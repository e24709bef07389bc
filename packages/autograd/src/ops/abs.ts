import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class AbsBackward0 extends Node {
  get name(): string {
    return 'AbsBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a] = this.saved() as [Tensor];
    return [grad.mul(a.sign())];
  }
}

class SignBackward0 extends Node {
  get name(): string {
    return 'SignBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.mul(0)];
  }
}

/** |a|; its gradient at 0 is 0, as in PyTorch. */
export function abs(a: Tensor): Tensor {
  const out = a.array.abs();
  if (!tracks(a)) return plain(out);
  const node = new AbsBackward0();
  node.saveForBackward(a);
  return record1(node, out, a);
}

/** -1, 0 or 1 by sign; differentiable with gradient 0 everywhere. */
export function sign(a: Tensor): Tensor {
  const out = a.array.sign();
  return tracks(a) ? record1(new SignBackward0(), out, a) : plain(out);
}
