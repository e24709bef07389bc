import { normalizeDim, type NDArray } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** log-sum-exp trick: subtract the max along `dim` before exponentiating, so nothing overflows. */
function shiftedExp(a: NDArray, dim: number): { shifted: NDArray; exps: NDArray; total: NDArray } {
  const shifted = a.sub(a.max(dim, true).values);
  const exps = shifted.exp();
  return { shifted, exps, total: exps.sum(dim, true) };
}

class SoftmaxBackward0 extends Node {
  constructor(private readonly dim: number) {
    super();
  }
  get name(): string {
    return 'SoftmaxBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [y] = this.saved() as [Tensor];
    return [y.mul(grad.sub(grad.mul(y).sum(this.dim, true)))];
  }
}

class LogSoftmaxBackward0 extends Node {
  constructor(private readonly dim: number) {
    super();
  }
  get name(): string {
    return 'LogSoftmaxBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [logY] = this.saved() as [Tensor];
    return [grad.sub(logY.exp().mul(grad.sum(this.dim, true)))];
  }
}

function floating(a: Tensor): NDArray {
  return a.array.dtype === 'float32' || a.array.dtype === 'float64' ? a.array : a.array.to('float32');
}

/** exp(a) / Σ exp(a) along `dim`, computed stably. */
export function softmax(a: Tensor, dim: number): Tensor {
  const d = normalizeDim('softmax', dim, a.ndim);
  const { exps, total } = shiftedExp(floating(a), d);
  const out = exps.div(total);
  if (!tracks(a)) return plain(out);
  const node = new SoftmaxBackward0(d);
  const result = record1(node, out, a);
  node.saveForBackward(result);
  return result;
}

/** log(softmax(a)) along `dim`, computed as a - max - log Σ exp(a - max). */
export function logSoftmax(a: Tensor, dim: number): Tensor {
  const d = normalizeDim('logSoftmax', dim, a.ndim);
  const { shifted, total } = shiftedExp(floating(a), d);
  const out = shifted.sub(total.log());
  if (!tracks(a)) return plain(out);
  const node = new LogSoftmaxBackward0(d);
  const result = record1(node, out, a);
  node.saveForBackward(result);
  return result;
}
