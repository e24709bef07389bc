import { normalizeDim, type Shape } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

type Dims = number | readonly number[] | undefined;

/** The reduced dims, sorted; null for a reduction over everything (`dim` omitted or `[]`). */
function dimList(dim: Dims, ndim: number): number[] | null {
  if (dim === undefined || (typeof dim !== 'number' && dim.length === 0)) return null;
  if (typeof dim === 'number') return [normalizeDim('sum', dim, ndim)];
  return dim.map((d) => normalizeDim('sum', d, ndim)).sort((x, y) => x - y);
}

/** Spreads the gradient of a reduction back over the reduced dims (scaled for a mean). */
class ReduceBackward extends Node {
  constructor(
    private readonly kind: string,
    private readonly dims: readonly number[] | null,
    private readonly keepdim: boolean,
    private readonly inputShape: Shape,
    private readonly scale: number,
  ) {
    super();
  }
  get name(): string {
    return this.kind;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    let g = grad;
    // A full reduction's gradient (0-d, or all ones with keepdim) expands as it is.
    if (!this.keepdim && this.dims !== null) for (const d of this.dims) g = g.unsqueeze(d);
    g = g.expand(this.inputShape);
    return [this.scale === 1 ? g : g.div(this.scale)];
  }
}

function reduce(kind: 'sum' | 'mean', a: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const out = kind === 'sum' ? a.array.sum(dim, keepdim) : a.array.mean(dim, keepdim);
  if (!tracks(a)) return plain(out);
  const dims = a.ndim === 0 ? null : dimList(dim, a.ndim);
  let count = dims === null ? a.numel() : 1;
  if (dims !== null) for (const d of dims) count *= a.shape[d]!;
  const base = kind === 'sum' ? 'SumBackward' : 'MeanBackward';
  const name = `${base}${dim === undefined ? 0 : 1}`;
  return record1(new ReduceBackward(name, dims, keepdim, a.shape, kind === 'sum' ? 1 : count), out, a);
}

/** Sum over all elements, or over `dim` (a dim or a list of dims). */
export function sum(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduce('sum', a, dim, keepdim);
}

/** Mean over all elements, or over `dim`; floating dtypes only. */
export function mean(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduce('mean', a, dim, keepdim);
}

class SumToBackward extends Node {
  get name(): string {
    return 'SumBackward1';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad.expand(this.next[0]!.shape)];
  }
}

/** Sums `a` down to `shape`, which `a` must broadcast from (how broadcast gradients return). */
export function sumTo(a: Tensor, shape: Shape): Tensor {
  const out = a.array.sumTo(shape);
  if (out === a.array) return a;
  return tracks(a) ? record1(new SumToBackward(), out, a) : plain(out);
}
