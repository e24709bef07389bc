import { NDArray, normalizeDim } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** log-sum-exp trick: subtract the max along `dim` before exponentiating, so nothing overflows. */
function shiftedExp(a: NDArray, dim: number): { shifted: NDArray; exps: NDArray; total: NDArray } {
  const shifted = a.sub(a.max(dim, true).values);
  const exps = shifted.exp();
  return { shifted, exps, total: exps.sum(dim, true) };
}

// PyTorch's _softmax_backward_data and _log_softmax_backward_data.
const SoftmaxBackward0 = defineOp('softmax', 'SoftmaxBackward0', {
  self: { saves: ['result'], grad: (g, { result }, dim: number) => result.mul(g.sub(g.mul(result).sum(dim, true))) },
});

const LogSoftmaxBackward0 = defineOp('logSoftmax', 'LogSoftmaxBackward0', {
  self: { saves: ['result'], grad: (g, { result }, dim: number) => g.sub(result.exp().mul(g.sum(dim, true))) },
});

function floating(a: Tensor): NDArray {
  return a.array.dtype === 'float32' || a.array.dtype === 'float64' ? a.array : a.array.to('float32');
}

/** Over a dim of size 0 there is nothing to normalise: an empty result, as in PyTorch. */
function empty(a: Tensor, dim: number): NDArray | null {
  return a.ndim > 0 && a.shape[dim] === 0 ? NDArray.zeros(a.shape, floating(a).dtype) : null;
}

/** exp(a) / Σ exp(a) along `dim`, computed stably. */
export function softmax(a: Tensor, dim: number): Tensor {
  const d = normalizeDim('softmax', dim, a.ndim);
  let out = empty(a, d);
  if (out === null) {
    const { exps, total } = shiftedExp(floating(a), d);
    out = exps.div(total);
  }
  return tracks(a) ? SoftmaxBackward0.record1(out, a, d) : plain(out);
}

/** log(softmax(a)) along `dim`, computed as a - max - log Σ exp(a - max). */
export function logSoftmax(a: Tensor, dim: number): Tensor {
  const d = normalizeDim('logSoftmax', dim, a.ndim);
  let out = empty(a, d);
  if (out === null) {
    const { shifted, total } = shiftedExp(floating(a), d);
    out = shifted.sub(total.log());
  }
  return tracks(a) ? LogSoftmaxBackward0.record1(out, a, d) : plain(out);
}
