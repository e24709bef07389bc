import {
  col2im as col2imArray,
  im2col as im2colArray,
  normalizeDim,
  unfoldBackward,
  type SlidingWindowParams,
} from '@torchlet/tensor';
import { Node } from '../node.js';
import { recordView, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { linearPair } from './linear-pair.js';

/** PyTorch's `F.unfold` (im2col): [N, C, H, W] → [N, C·kH·kW, L]. Its gradient is `col2im`. */
export function im2col(input: Tensor, params: SlidingWindowParams): Tensor {
  const size = input.shape.slice(-2) as [number, number];
  const [forward] = linearPair(
    ['Im2ColBackward0', 'Col2ImBackward0'],
    (x) => im2colArray(x, params),
    (g) => col2imArray(g, size, params),
  );
  return forward(input);
}

/** PyTorch's `F.fold` (col2im): [N, C·kH·kW, L] → [N, C, outputSize], overlaps summed. Its gradient is `im2col`. */
export function col2im(input: Tensor, outputSize: readonly [number, number], params: SlidingWindowParams): Tensor {
  const [forward] = linearPair(
    ['Col2ImBackward0', 'Im2ColBackward0'],
    (x) => col2imArray(x, outputSize, params),
    (g) => im2colArray(g, params),
  );
  return forward(input);
}

class UnfoldBackward0 extends Node {
  constructor(private readonly adjoint: (grad: Tensor) => Tensor) {
    super();
  }
  get name(): string {
    return 'UnfoldBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [this.adjoint(grad)];
  }
}

/**
 * Every window of `size` elements along `dim`, `step` apart, as a view with a new last dim
 * (PyTorch's `Tensor.unfold`). Its gradient adds each window's gradient back in place.
 */
export function unfold(input: Tensor, dim: number, size: number, step: number): Tensor {
  const out = input.array.unfold(dim, size, step);
  if (!tracks(input)) return recordView(null, out, input);
  const d = input.ndim === 0 ? 0 : normalizeDim('unfold', dim, input.ndim);
  const shape = input.shape;
  const [, adjoint] = linearPair(
    ['UnfoldBackward0', 'UnfoldBackwardBackward0'],
    (g) => g.unfold(d, size, step).clone(),
    (g) => unfoldBackward(g, shape, d, size, step),
  );
  return recordView(new UnfoldBackward0(adjoint), out, input);
}
