import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class SqrtBackward0 extends Node {
  get name(): string {
    return 'SqrtBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [result] = this.saved() as [Tensor];
    return [grad.div(result.mul(2))];
  }
}

export function sqrt(a: Tensor): Tensor {
  const out = a.array.sqrt();
  if (!tracks(a)) return plain(out);
  const node = new SqrtBackward0();
  const result = record1(node, out, a);
  node.saveForBackward(result);
  return result;
}
