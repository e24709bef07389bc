import { Node } from '../node.js';
import { plain, record1, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class DivBackward0 extends Node {
  get name(): string {
    return 'DivBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a, b] = this.saved() as [Tensor, Tensor];
    return [this.needsGrad(0) ? grad.div(b) : null, this.needsGrad(1) ? grad.neg().mul(a).div(b.mul(b)) : null];
  }
}

class DivScalarBackward0 extends Node {
  constructor(private readonly scalar: number) {
    super();
  }
  get name(): string {
    return 'DivBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.div(this.scalar)];
  }
}

/** a / b, true division (integers divide to float32, as in PyTorch). */
export function div(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === 'number') {
    const out = a.array.div(b);
    return tracks(a) ? record1(new DivScalarBackward0(b), out, a) : plain(out);
  }
  const out = a.array.div(b.array);
  if (!tracks(a, b)) return plain(out);
  const node = new DivBackward0();
  node.saveForBackward(a, b);
  return record2(node, out, a, b);
}
