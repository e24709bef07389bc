import type { Tensor } from '../tensor.js';
import { linearPair } from './linear-pair.js';

/** The elements in reverse order along each of `dims` (a copy). Its gradient flips back. */
export function flip(input: Tensor, dims: readonly number[]): Tensor {
  const [forward] = linearPair(
    ['flip', 'flip'],
    ['FlipBackward0', 'FlipBackward0'],
    (x) => x.flip(dims),
    (g) => g.flip(dims),
    { dims },
  );
  return forward(input);
}
