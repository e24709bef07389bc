import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class ExpBackward0 extends Node {
  get name(): string {
    return 'ExpBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [result] = this.saved() as [Tensor];
    return [grad.mul(result)];
  }
}

export function exp(a: Tensor): Tensor {
  const out = a.array.exp();
  if (!tracks(a)) return plain(out);
  const node = new ExpBackward0();
  const result = record1(node, out, a);
  node.saveForBackward(result);
  return result;
}
