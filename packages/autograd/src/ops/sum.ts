import { normalizeDim, type Shape } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

type Dims = number | readonly number[] | undefined;

/** The reduced dims, sorted; null for a reduction over everything (`dim` omitted or `[]`). */
function dimList(dim: Dims, ndim: number): number[] | null {
  if (dim === undefined || (typeof dim !== 'number' && dim.length === 0)) return null;
  if (typeof dim === 'number') return [normalizeDim('sum', dim, ndim)];
  return dim.map((d) => normalizeDim('sum', d, ndim)).sort((x, y) => x - y);
}

export interface Reduction {
  readonly name: string;
  /** Null for a reduction over every dim. */
  readonly dims: readonly number[] | null;
  readonly keepdim: boolean;
  readonly inputShape: Shape;
  /** How many elements each output averages (1 for a sum). */
  readonly count: number;
}

/** Spreads the gradient of a reduction back over the reduced dims (divided for a mean). */
function spread(grad: Tensor, { dims, keepdim, inputShape, count }: Reduction): Tensor {
  let g = grad;
  // A full reduction's gradient (0-d, or all ones with keepdim) expands as it is.
  if (!keepdim && dims !== null) for (const d of dims) g = g.unsqueeze(d);
  g = g.expand(inputShape);
  return count === 1 ? g : g.div(count);
}

const ReduceBackward = defineOp(
  (r: Reduction) => (r.name.startsWith('Sum') ? 'sum' : 'mean'),
  (r: Reduction) => r.name,
  {
    self: (grad, _saved, reduction: Reduction) => spread(grad, reduction),
  },
);

// PyTorch 1.13's MeanBackward1 keeps its input (its formula reads self.sym_numel()), so an
// in-place write to the input afterwards is a version error there; the same here.
const MeanDimBackward = defineOp('mean', 'MeanBackward1', {
  self: { saves: ['self'], grad: (grad, _saved, reduction: Reduction) => spread(grad, reduction) },
});

function reduce(kind: 'sum' | 'mean', a: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const out = kind === 'sum' ? a.array.sum(dim, keepdim) : a.array.mean(dim, keepdim);
  if (!tracks(a)) return plain(out);
  const dims = a.ndim === 0 ? null : dimList(dim, a.ndim);
  let count = dims === null ? a.numel() : 1;
  if (dims !== null) for (const d of dims) count *= a.shape[d]!;
  const name = `${kind === 'sum' ? 'SumBackward' : 'MeanBackward'}${dim === undefined ? 0 : 1}`;
  const reduction = { name, dims, keepdim, inputShape: a.shape, count: kind === 'sum' ? 1 : count };
  const op = kind === 'mean' && dim !== undefined ? MeanDimBackward : ReduceBackward;
  return op.record1(out, a, reduction);
}

/** Sum over all elements, or over `dim` (a dim or a list of dims). */
export function sum(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduce('sum', a, dim, keepdim);
}

/** Mean over all elements, or over `dim`; floating dtypes only. */
export function mean(a: Tensor, dim?: Dims, keepdim = false): Tensor {
  return reduce('mean', a, dim, keepdim);
}

const SumToBackward = defineOp('sumTo', 'SumBackward1', {
  self: (g, _saved, shape: Shape) => g.expand(shape),
});

/** Sums `a` down to `shape`, which `a` must broadcast from (how broadcast gradients return). */
export function sumTo(a: Tensor, shape: Shape): Tensor {
  const out = a.array.sumTo(shape);
  if (out === a.array) return a;
  return tracks(a) ? SumToBackward.record1(out, a, a.shape) : plain(out);
}
