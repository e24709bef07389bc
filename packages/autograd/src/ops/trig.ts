import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class SinBackward0 extends Node {
  get name(): string {
    return 'SinBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [x] = this.saved() as [Tensor];
    return [grad.mul(x.cos())];
  }
}

class CosBackward0 extends Node {
  get name(): string {
    return 'CosBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [x] = this.saved() as [Tensor];
    return [grad.mul(x.sin().neg())];
  }
}

/** sin(a), element-wise (radians). */
export function sin(a: Tensor): Tensor {
  const out = a.array.sin();
  if (!tracks(a)) return plain(out);
  const node = new SinBackward0();
  node.saveForBackward(a);
  return record1(node, out, a);
}

/** cos(a), element-wise (radians). */
export function cos(a: Tensor): Tensor {
  const out = a.array.cos();
  if (!tracks(a)) return plain(out);
  const node = new CosBackward0();
  node.saveForBackward(a);
  return record1(node, out, a);
}
