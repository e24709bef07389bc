import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** Gradient flows where min <= a <= max (both bounds inclusive, as in PyTorch). */
class ClampBackward1 extends Node {
  constructor(
    private readonly min: number | null,
    private readonly max: number | null,
  ) {
    super();
  }
  get name(): string {
    return 'ClampBackward1';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a] = this.saved() as [Tensor];
    let inside = this.min === null ? null : a.ge(this.min);
    if (this.max !== null) inside = inside === null ? a.le(this.max) : inside.mul(a.le(this.max));
    return [inside === null ? grad : grad.mul(inside)];
  }
}

export function clamp(a: Tensor, min?: number | null, max?: number | null): Tensor {
  const out = a.array.clamp(min, max);
  if (!tracks(a)) return plain(out);
  const node = new ClampBackward1(min ?? null, max ?? null);
  node.saveForBackward(a);
  return record1(node, out, a);
}
