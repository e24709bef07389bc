import { normalizeDim } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { asView, plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

export interface Permutation {
  readonly name: string;
  readonly inverse: readonly number[];
}

/** transpose/t/permute: the gradient is permuted back by the inverse permutation. */
const PermuteBackward = defineOp('permute', (p: Permutation) => p.name, {
  self: (g, _saved, { inverse }: Permutation) => g.permute(inverse),
});

function permuted(a: Tensor, order: readonly number[], name: string): Tensor {
  const out = a.array.permute(order);
  if (!tracks(a)) return asView(plain(out), a);
  const inverse = new Array<number>(order.length);
  order.forEach((d, i) => (inverse[normalizeDim('permute', d, a.ndim)] = i));
  return asView(PermuteBackward.record1(out, a, { name, inverse }), a);
}

export function permute(a: Tensor, dims: readonly number[]): Tensor {
  return permuted(a, dims, 'PermuteBackward0');
}

const TRANSPOSE_2D: Permutation = { name: 'TransposeBackward0', inverse: [1, 0] };

export function transpose(a: Tensor, dim0: number, dim1: number): Tensor {
  // A matrix transpose (what matmul's backward does twice a step) skips the general bookkeeping.
  if (a.ndim === 2 && normalizeDim('transpose', dim0, 2) !== normalizeDim('transpose', dim1, 2)) {
    const out = a.array.t();
    return asView(tracks(a) ? PermuteBackward.record1(out, a, TRANSPOSE_2D) : plain(out), a);
  }
  const order = Array.from({ length: a.ndim }, (_, i) => i);
  const d0 = normalizeDim('transpose', dim0, a.ndim);
  const d1 = normalizeDim('transpose', dim1, a.ndim);
  if (a.ndim === 0) return permuted(a, [], 'TransposeBackward0'); // dims 0 and -1 name the same missing dim
  order[d0] = d1;
  order[d1] = d0;
  return permuted(a, order, 'TransposeBackward0');
}

/** Matrix transpose; 0-d and 1-d tensors come back as they are. */
export function t(a: Tensor): Tensor {
  a.array.t(); // validates the rank with PyTorch's error
  return a.ndim < 2 ? a : permuted(a, [1, 0], 'TBackward0');
}
