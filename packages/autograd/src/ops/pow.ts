import { Node } from '../node.js';
import { plain, record1, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { where } from './where.js';

/** a ** e for a number e: grad · e · a^(e-1) (zero when e is 0). */
class PowBackward0 extends Node {
  constructor(private readonly exponent: number) {
    super();
  }
  get name(): string {
    return 'PowBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a] = this.saved() as [Tensor];
    if (this.exponent === 0) return [grad.mul(0)];
    // The tutorial's squared loss: skip the pow for the common small exponents.
    if (this.exponent === 1) return [grad];
    if (this.exponent === 2) return [grad.mul(a).mul(2)];
    return [grad.mul(a.pow(this.exponent - 1).mul(this.exponent))];
  }
}

/**
 * a ** b with a tensor exponent (or a number base): the base's gradient as above, the exponent's
 * grad · a^b · ln a, taken as 0 where a == 0 and b >= 0 (PyTorch's convention; the limit).
 */
class PowBackward1 extends Node {
  get name(): string {
    return 'PowBackward1';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [base, exponent, result] = this.saved() as [Tensor, Tensor, Tensor];
    const baseGrad = this.needsGrad(0)
      ? where(exponent.eq(0), grad.mul(0), grad.mul(exponent.mul(base.pow(exponent.sub(1)))))
      : null;
    const exponentGrad = this.needsGrad(1)
      ? where(base.eq(0).mul(exponent.ge(0)), grad.mul(0), grad.mul(result.mul(base.log())))
      : null;
    return [baseGrad, exponentGrad];
  }
}

/** a ** b, b a number or a tensor that broadcasts. */
export function pow(a: Tensor, exponent: Tensor | number): Tensor {
  if (typeof exponent === 'number') {
    const out = a.array.pow(exponent);
    if (!tracks(a)) return plain(out);
    const node = new PowBackward0(exponent);
    node.saveForBackward(a);
    return record1(node, out, a);
  }
  const out = a.array.pow(exponent.array);
  if (!tracks(a, exponent)) return plain(out);
  const node = new PowBackward1();
  const result = record2(node, out, a, exponent);
  node.saveForBackward(a, exponent, result);
  return result;
}
