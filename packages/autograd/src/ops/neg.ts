import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class NegBackward0 extends Node {
  get name(): string {
    return 'NegBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.neg()];
  }
}

export function neg(a: Tensor): Tensor {
  const out = a.array.neg();
  return tracks(a) ? record1(new NegBackward0(), out, a) : plain(out);
}
