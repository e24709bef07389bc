import { Node } from '../node.js';
import { plain, record1, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class SubBackward0 extends Node {
  get name(): string {
    return 'SubBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad, this.needsGrad(1) ? grad.neg() : null];
  }
}

class RsubBackward1 extends Node {
  get name(): string {
    return 'RsubBackward1';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.neg()];
  }
}

/** a - b (b a tensor that broadcasts, or a number). */
export function sub(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.sub(b);
    return tracks(a) ? record1(new SubBackward0(), out, a) : plain(out);
  }
  const out = a.array.sub(b.array);
  return tracks(a, b) ? record2(new SubBackward0(), out, a, b) : plain(out);
}

/** scalar - a (PyTorch's `rsub`, what `4.2 - b` becomes). */
export function rsub(a: Tensor, scalar: number): Tensor {
  const out = a.array.rsub(scalar);
  return tracks(a) ? record1(new RsubBackward1(), out, a) : plain(out);
}
