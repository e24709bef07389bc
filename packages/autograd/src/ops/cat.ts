import { cat as catArrays, normalizeDim, stack as stackArrays } from '@torchlet/tensor';
import { defineListOp } from '../define-op.js';
import { plain, tracksAny } from '../record.js';
import type { Tensor } from '../tensor.js';

export interface Pieces {
  readonly dim: number;
  /** Where each input starts along `dim` in the output, and how long it is. */
  readonly starts: readonly number[];
  readonly lengths: readonly number[];
}

/** Each input's gradient is its piece of the output's gradient. */
const CatBackward0 = defineListOp('cat', 'CatBackward0', (g, i, { dim, starts, lengths }: Pieces) =>
  g.narrow(dim, starts[i]!, lengths[i]!),
);

const StackBackward0 = defineListOp('stack', 'StackBackward0', (g, i, dim: number) => g.select(dim, i));

function pieces(dim: number, lengths: number[]): Pieces {
  const starts: number[] = [];
  let start = 0;
  for (const length of lengths) {
    starts.push(start);
    start += length;
  }
  return { dim, starts, lengths };
}

/** Joins tensors along an existing dim. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  const out = catArrays(
    tensors.map((t) => t.array),
    dim,
  );
  if (!tracksAny(tensors)) return plain(out);
  const d = normalizeDim('cat', dim, out.ndim);
  return CatBackward0.record(
    out,
    tensors,
    pieces(
      d,
      tensors.map((t) => t.shape[d]!),
    ),
  );
}

/** Joins same-shaped tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  const out = stackArrays(
    tensors.map((t) => t.array),
    dim,
  );
  if (!tracksAny(tensors)) return plain(out);
  return StackBackward0.record(out, tensors, normalizeDim('stack', dim, out.ndim));
}
