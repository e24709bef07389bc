import type { NDArray, Shape } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { asView, plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** reshape/view/flatten/squeeze/unsqueeze: the gradient takes the input's shape back. */
const ReshapeBackward = defineOp('reshape', (name: string) => name, {
  self: (g, _saved, _name, node) => g.reshape(node.next[0]!.shape),
});

/** Wraps a reshaped array: a view when it shares storage, a copy otherwise (as PyTorch's reshape). */
export function reshaped(a: Tensor, out: NDArray, viewName: string): Tensor {
  const isView = out.storage === a.array.storage;
  const result = tracks(a) ? ReshapeBackward.record1(out, a, isView ? viewName : 'UnsafeViewBackward0') : plain(out);
  return isView ? asView(result, a) : result;
}

export function reshape(a: Tensor, shape: Shape): Tensor {
  return reshaped(a, a.array.reshape(shape), 'ViewBackward0');
}

/** Like reshape but never copies (errors when the strides do not allow a view). */
export function view(a: Tensor, shape: Shape): Tensor {
  return reshaped(a, a.array.view(shape), 'ViewBackward0');
}

export function flatten(a: Tensor, startDim = 0, endDim = -1): Tensor {
  return reshaped(a, a.array.flatten(startDim, endDim), 'ViewBackward0');
}

export function squeeze(a: Tensor, dim?: number): Tensor {
  return reshaped(a, a.array.squeeze(dim), dim === undefined ? 'SqueezeBackward0' : 'SqueezeBackward1');
}

export function unsqueeze(a: Tensor, dim: number): Tensor {
  return reshaped(a, a.array.unsqueeze(dim), 'UnsqueezeBackward0');
}
