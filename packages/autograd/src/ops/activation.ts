import { reluBackward } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { keepWhere } from './mask.js';

// Element-wise activations whose gradient is a function of their output (PyTorch's formulas).

/**
 * threshold_backward: no gradient where the output is <= 0 (NaN outputs pass it, as in PyTorch).
 * One fused kernel unless the gradient is itself differentiated (double backward), which needs
 * the recorded `keepWhere`.
 */
const ReluBackward0 = defineOp('relu', 'ReluBackward0', {
  self: {
    saves: ['result'],
    grad: (g, { result }) =>
      tracks(g) ? keepWhere(g, result.array.le(0), false) : plain(reluBackward(g.array, result.array)),
  },
});

const SigmoidBackward0 = defineOp('sigmoid', 'SigmoidBackward0', {
  self: { saves: ['result'], grad: (g, { result }) => g.mul(result.rsub(1)).mul(result) },
});

const TanhBackward0 = defineOp('tanh', 'TanhBackward0', {
  self: { saves: ['result'], grad: (g, { result }) => g.mul(result.mul(result).rsub(1)) },
});

export function relu(a: Tensor): Tensor {
  const out = a.array.relu();
  return tracks(a) ? ReluBackward0.record1(out, a) : plain(out);
}

export function sigmoid(a: Tensor): Tensor {
  const out = a.array.sigmoid();
  return tracks(a) ? SigmoidBackward0.record1(out, a) : plain(out);
}

export function tanh(a: Tensor): Tensor {
  const out = a.array.tanh();
  return tracks(a) ? TanhBackward0.record1(out, a) : plain(out);
}
