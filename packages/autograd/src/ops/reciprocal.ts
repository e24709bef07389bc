import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class ReciprocalBackward0 extends Node {
  get name(): string {
    return 'ReciprocalBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [result] = this.saved() as [Tensor];
    return [grad.neg().mul(result.mul(result))];
  }
}

/** 1 / a. */
export function reciprocal(a: Tensor): Tensor {
  const out = a.array.rdiv(1);
  if (!tracks(a)) return plain(out);
  const node = new ReciprocalBackward0();
  const result = record1(node, out, a);
  node.saveForBackward(result);
  return result;
}
