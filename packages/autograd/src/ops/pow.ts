import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { keepWhere, zerosLike } from './mask.js';

/** a ** e for a number e: PyTorch's pow_backward, grad · (e · a^(e-1)), and zeros when e is 0. */
const PowBackward0 = defineOp('pow', 'PowBackward0', {
  self: {
    saves: ['self'],
    grad: (g, { self }, exponent: number) => {
      if (exponent === 0) return zerosLike(self);
      if (exponent === 1) return g; // grad · (1 · a^0), and a^0 is 1 even for NaN
      return g.mul(self.pow(exponent - 1).mul(exponent));
    },
  },
});

/**
 * a ** b with a tensor exponent: the base's gradient as above (0 where b == 0), the exponent's
 * grad · a^b · ln a, taken as 0 where a == 0 and b >= 0 (PyTorch's pow_backward_exponent).
 */
const PowBackward1 = defineOp('pow', 'PowBackward1', {
  self: {
    saves: ['self', 'exponent'],
    grad: (g, { self, exponent }) =>
      keepWhere(g.mul(exponent.mul(self.pow(exponent.sub(1)))), exponent.array.eq(0), false),
  },
  exponent: {
    saves: ['self', 'exponent', 'result'],
    grad: (g, { self, exponent, result }) =>
      g.mul(keepWhere(result.mul(self.log()), self.array.eq(0).mul(exponent.array.ge(0)), false)),
  },
});

/** a ** b, b a number or a tensor that broadcasts. */
export function pow(a: Tensor, exponent: Tensor | number): Tensor {
  if (typeof exponent === 'number') {
    const out = a.array.pow(exponent);
    return tracks(a) ? PowBackward0.record1(out, a, exponent) : plain(out);
  }
  const out = a.array.pow(exponent.array);
  return tracks(a, exponent) ? PowBackward1.record2(out, a, exponent) : plain(out);
}
