import { normalizeDim, zeros, type NDArray, type Shape } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

function isTensor(index: Tensor | ArrayLike<number>): index is Tensor {
  return 'array' in index && 'gradFn' in index;
}

/** The indices as a private copy (the node keeps them; the caller may reuse its array). */
function indexList(index: Tensor | ArrayLike<number>): readonly number[] {
  return isTensor(index) ? (index.array.toArray() as number[]) : Array.from(index);
}

class IndexSelectBackward0 extends Node {
  constructor(
    private readonly dim: number,
    private readonly index: readonly number[],
  ) {
    super();
  }
  get name(): string {
    return 'IndexSelectBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [indexAdd(grad, this.next[0]!.shape, this.dim, this.index)];
  }
}

class IndexAddBackward0 extends Node {
  constructor(
    private readonly dim: number,
    private readonly index: readonly number[],
  ) {
    super();
  }
  get name(): string {
    return 'IndexAddBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.indexSelect(this.dim, this.index)];
  }
}

/** Zeros of `shape` plus each slice j of `source` added at `index[j]` (repeats accumulate). */
function indexAdd(source: Tensor, shape: Shape, dim: number, index: readonly number[]): Tensor {
  const out: NDArray = zeros(shape, { dtype: source.dtype });
  const size = shape[dim]!;
  for (let j = 0; j < index.length; j++) {
    const k = index[j]!;
    out.select(dim, k < 0 ? k + size : k).add_(source.array.select(dim, j));
  }
  return tracks(source) ? record1(new IndexAddBackward0(dim, index), out, source) : plain(out);
}

/** Whole slices along `dim` gathered by index (a copy): `features.indexSelect(0, batch)`. */
export function indexSelect(a: Tensor, dim: number, index: Tensor | ArrayLike<number>): Tensor {
  const out = a.array.indexSelect(dim, isTensor(index) ? index.array : index);
  if (!tracks(a)) return plain(out);
  const d = a.ndim === 0 ? 0 : normalizeDim('indexSelect', dim, a.ndim);
  return record1(new IndexSelectBackward0(d, indexList(index)), out, a);
}
