import { Node } from '../node.js';
import { plain, record1, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class AddBackward0 extends Node {
  get name(): string {
    return 'AddBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad, grad];
  }
}

/** a + b (b a tensor that broadcasts, or a number). */
export function add(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.add(b);
    return tracks(a) ? record1(new AddBackward0(), out, a) : plain(out);
  }
  const out = a.array.add(b.array);
  return tracks(a, b) ? record2(new AddBackward0(), out, a, b) : plain(out);
}
