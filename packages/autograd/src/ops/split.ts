import { normalizeDim } from '@torchlet/tensor';
import type { Tensor } from '../tensor.js';
import { narrow } from './slice.js';

/** Views of `sections` sizes along `dim` (PyTorch's `split`); each view's gradient flows back to its part. */
export function split(input: Tensor, sections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim('split', dim, input.ndim);
  // The array op validates and chooses the sizes; each part becomes a differentiable narrow.
  let start = 0;
  return input.array.split(sections, d).map((part) => {
    const view = narrow(input, d, start, part.shape[d]!);
    start += part.shape[d]!;
    return view;
  });
}

/** `chunks` views of (nearly) equal size along `dim` (PyTorch's `chunk`). */
export function chunk(input: Tensor, chunks: number, dim = 0): Tensor[] {
  const d = normalizeDim('chunk', dim, input.ndim);
  let start = 0;
  return input.array.chunk(chunks, d).map((part) => {
    const view = narrow(input, d, start, part.shape[d]!);
    start += part.shape[d]!;
    return view;
  });
}
