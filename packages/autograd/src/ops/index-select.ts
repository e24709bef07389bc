import { IndexError, normalizeDim, zeros, type NDArray, type Shape } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

function isTensor(index: Tensor | ArrayLike<number>): index is Tensor {
  return 'array' in index && 'gradFn' in index;
}

/** The indices as a private copy (the node keeps them; the caller may reuse its array). */
function indexList(index: Tensor | ArrayLike<number>): readonly number[] {
  return isTensor(index) ? (index.array.reshape([-1]).toArray() as number[]) : Array.from(index);
}

export interface Gather {
  readonly dim: number;
  readonly index: readonly number[];
  /** The index as the caller gave it when it was a tensor (a trace follows it to where it came from). */
  readonly indexTensor?: Tensor | null;
}

const IndexSelectBackward0 = defineOp('indexSelect', 'IndexSelectBackward0', {
  self: (g, _saved, gather: Gather, node) => indexAdd(g, node.next[0]!.shape, gather),
});

const IndexAddBackward0 = defineOp('indexAdd', 'IndexAddBackward0', {
  source: (g, _saved, { dim, index }: Gather) => g.indexSelect(dim, index),
});

/** Zeros of `shape` plus each slice j of `source` added at `index[j]` (repeats accumulate). */
function indexAdd(source: Tensor, shape: Shape, gather: Gather): Tensor {
  const { dim, index } = gather;
  if (shape.length === 0) {
    // A 0-d input gathered once gives a 0-d output, whose gradient is its own. PyTorch's
    // index_add_ refuses a 0-d input with several indices; so does this.
    if (index.length !== 1) {
      throw new IndexError(
        `indexSelect backward: index_add_ into a 0-dim tensor needs exactly one index, got ${index.length}`,
      );
    }
    return source;
  }
  const out: NDArray = zeros(shape, { dtype: source.dtype });
  const size = shape[dim]!;
  for (let j = 0; j < index.length; j++) {
    const k = index[j]!;
    out.select(dim, k < 0 ? k + size : k).add_(source.array.select(dim, j));
  }
  return tracks(source) ? IndexAddBackward0.record1(out, source, gather) : plain(out);
}

/** Whole slices along `dim` gathered by index (a copy): `features.indexSelect(0, batch)`. */
export function indexSelect(a: Tensor, dim: number, index: Tensor | ArrayLike<number>): Tensor {
  const out = a.array.indexSelect(dim, isTensor(index) ? index.array : index);
  if (!tracks(a)) return plain(out);
  return IndexSelectBackward0.record1(out, a, {
    dim: normalizeDim('indexSelect', dim, a.ndim),
    index: indexList(index),
    indexTensor: isTensor(index) ? index : null,
  });
}
