import {
  col2im as col2imArray,
  im2col as im2colArray,
  normalizeDim,
  unfoldBackward,
  type SlidingWindowParams,
} from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { asView, plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { linearPair } from './linear-pair.js';

/** PyTorch's `F.unfold` (im2col): [N, C, H, W] → [N, C·kH·kW, L]. Its gradient is `col2im`. */
export function im2col(input: Tensor, params: SlidingWindowParams): Tensor {
  const size = input.shape.slice(-2) as [number, number];
  const [forward] = linearPair(
    ['im2col', 'col2im'],
    ['Im2ColBackward0', 'Col2ImBackward0'],
    (x) => im2colArray(x, params),
    (g) => col2imArray(g, size, params),
    { params },
  );
  return forward(input);
}

/** PyTorch's `F.fold` (col2im): [N, C·kH·kW, L] → [N, C, outputSize], overlaps summed. Its gradient is `im2col`. */
export function col2im(input: Tensor, outputSize: readonly [number, number], params: SlidingWindowParams): Tensor {
  const [forward] = linearPair(
    ['col2im', 'im2col'],
    ['Col2ImBackward0', 'Im2ColBackward0'],
    (x) => col2imArray(x, outputSize, params),
    (g) => im2colArray(g, params),
    { outputSize, params },
  );
  return forward(input);
}

export interface Windows {
  readonly dim: number;
  readonly size: number;
  readonly step: number;
  readonly adjoint: (grad: Tensor) => Tensor;
}

const UnfoldBackward0 = defineOp('unfold', 'UnfoldBackward0', {
  self: (grad, _saved, { adjoint }: Windows) => adjoint(grad),
});

/**
 * Every window of `size` elements along `dim`, `step` apart, as a view with a new last dim
 * (PyTorch's `Tensor.unfold`). Its gradient adds each window's gradient back in place.
 */
export function unfold(input: Tensor, dim: number, size: number, step: number): Tensor {
  const out = input.array.unfold(dim, size, step);
  if (!tracks(input)) return asView(plain(out), input);
  const d = input.ndim === 0 ? 0 : normalizeDim('unfold', dim, input.ndim);
  const shape = input.shape;
  const [, adjoint] = linearPair(
    ['unfoldCopy', 'unfoldBackward'],
    ['UnfoldBackward0', 'UnfoldBackwardBackward0'],
    (g) => g.unfold(d, size, step).clone(),
    (g) => unfoldBackward(g, shape, d, size, step),
    { dim: d, size, step },
  );
  return asView(UnfoldBackward0.record1(out, input, { dim: d, size, step, adjoint }), input);
}
