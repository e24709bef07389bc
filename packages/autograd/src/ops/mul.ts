import { Node } from '../node.js';
import { plain, record1, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class MulBackward0 extends Node {
  get name(): string {
    return 'MulBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a, b] = this.saved() as [Tensor, Tensor];
    return [this.needsGrad(0) ? grad.mul(b) : null, this.needsGrad(1) ? grad.mul(a) : null];
  }
}

class MulScalarBackward0 extends Node {
  constructor(private readonly scalar: number) {
    super();
  }
  get name(): string {
    return 'MulBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.mul(this.scalar)];
  }
}

/** a * b (b a tensor that broadcasts, or a number). */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.mul(b);
    return tracks(a) ? record1(new MulScalarBackward0(b), out, a) : plain(out);
  }
  const out = a.array.mul(b.array);
  if (!tracks(a, b)) return plain(out);
  const node = new MulBackward0();
  node.saveForBackward(a, b);
  return record2(node, out, a, b);
}
