import {
  adaptiveAvgPool2d as adaptiveAvgPoolArrays,
  adaptiveAvgPool2dBackward,
  avgPool2d as avgPoolArrays,
  avgPool2dBackward,
  maxPool2d as maxPoolArrays,
  maxPool2dBackward,
  type AvgPool2dParams,
  type NDArray,
  type Pool2dParams,
} from '@torchlet/tensor';
import { defineOp, defineUntrackedOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';

export interface MaxPool {
  readonly params: Pool2dParams;
  readonly indices: NDArray;
}

// Each rule keeps its input: only its shape and dtype are needed, but saving it keeps PyTorch's
// in-place check.
const MaxPool2DWithIndicesBackward0 = defineOp('maxPool2d', 'MaxPool2DWithIndicesBackward0', {
  self: {
    saves: ['self'],
    grad: (grad, { self }, { params, indices }: MaxPool, node) => {
      checkFirstOrder(node.name);
      return new Tensor(maxPool2dBackward(grad.array, indices, self.array, params));
    },
  },
});

/** The indices max pooling returns: no gradient, and (a trace sees) an output of their own. */
const MaxPoolIndices = defineUntrackedOp<Pool2dParams>('maxPool2d.indices');

/** Max pooling: the values (differentiable: each gradient goes to its window's maximum) and the indices. */
export function maxPool2d(input: Tensor, params: Pool2dParams): { values: Tensor; indices: Tensor } {
  const { values, indices } = maxPoolArrays(input.array, params);
  const indexTensor = MaxPoolIndices.apply1(indices, input, params);
  if (!tracks(input)) return { values: plain(values), indices: indexTensor };
  return { values: MaxPool2DWithIndicesBackward0.record1(values, input, { params, indices }), indices: indexTensor };
}

const AvgPool2DBackward0 = defineOp('avgPool2d', 'AvgPool2DBackward0', {
  self: {
    saves: ['self'],
    grad: (grad, { self }, params: AvgPool2dParams, node) => {
      checkFirstOrder(node.name);
      return new Tensor(avgPool2dBackward(grad.array, self.array, params));
    },
  },
});

/** Average pooling over 2-D windows. */
export function avgPool2d(input: Tensor, params: AvgPool2dParams): Tensor {
  const out = avgPoolArrays(input.array, params);
  return tracks(input) ? AvgPool2DBackward0.record1(out, input, params) : plain(out);
}

const AdaptiveAvgPool2DBackward0 = defineOp('adaptiveAvgPool2d', 'AdaptiveAvgPool2DBackward0', {
  self: {
    saves: ['self'],
    grad: (grad, { self }, _outputSize: readonly [number, number], node) => {
      checkFirstOrder(node.name);
      return new Tensor(adaptiveAvgPool2dBackward(grad.array, self.array));
    },
  },
});

/** Adaptive average pooling to a fixed output size. */
export function adaptiveAvgPool2d(input: Tensor, outputSize: readonly [number, number]): Tensor {
  const out = adaptiveAvgPoolArrays(input.array, outputSize);
  return tracks(input) ? AdaptiveAvgPool2DBackward0.record1(out, input, outputSize) : plain(out);
}
