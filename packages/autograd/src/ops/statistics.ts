import { normalizeDim, standardDeviation, variance as varianceOf, zerosLike } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import { Tensor } from '../tensor.js';
import { where } from './where.js';

type Dims = number | readonly number[] | undefined;

/** The reduced dims, ascending (all of them when `dim` is undefined). */
function dimsOf(a: Tensor, dim: Dims): number[] {
  if (dim === undefined) return Array.from({ length: a.ndim }, (_, i) => i);
  const list = typeof dim === 'number' ? [dim] : [...dim];
  return list.map((d) => normalizeDim('var', d, a.ndim)).sort((x, y) => x - y);
}

function count(a: Tensor, dims: readonly number[]): number {
  return dims.reduce((n, d) => n * a.shape[d]!, 1);
}

/** A reduction's gradient back in the input's rank (keepdim restores the reduced dims). */
function expandBack(grad: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return grad;
  let g = grad;
  for (const d of dims) g = g.unsqueeze(d);
  return g;
}

/** d var / dx = 2 (x − mean) / (N − correction), times the output's gradient. */
function varianceGradient(
  x: Tensor,
  grad: Tensor,
  dims: readonly number[],
  correction: number,
  keepdim: boolean,
): Tensor {
  const divisor = Math.max(0, count(x, dims) - correction);
  const deviation = x.sub(x.mean(dims.length === 0 ? undefined : dims, true));
  return deviation.mul(expandBack(grad, dims, keepdim)).mul(2 / divisor);
}

export interface Statistic {
  readonly dims: readonly number[];
  readonly correction: number;
  readonly keepdim: boolean;
}

const VarBackward0 = defineOp('variance', 'VarBackward0', {
  self: {
    saves: ['self'],
    grad: (g, { self }, { dims, correction, keepdim }: Statistic) =>
      varianceGradient(self, g, dims, correction, keepdim),
  },
});

const StdBackward0 = defineOp('std', 'StdBackward0', {
  self: {
    saves: ['self', 'result'],
    grad: (g, { self, result }, { dims, correction, keepdim }: Statistic) => {
      // d std = d var / (2 std); PyTorch sends 0 where std is 0 instead of NaN.
      const scaled = g.div(result.mul(2));
      const zero = new Tensor(zerosLike(scaled.array));
      const safe = where(result.eq(0), zero, scaled);
      return varianceGradient(self, safe, dims, correction, keepdim);
    },
  },
});

function statistic(kind: 'var' | 'std', a: Tensor, dim: Dims, correction: number, keepdim: boolean): Tensor {
  const out = (kind === 'var' ? varianceOf : standardDeviation)(a.array, dim, correction, keepdim);
  if (!tracks(a)) return plain(out);
  return (kind === 'var' ? VarBackward0 : StdBackward0).record1(out, a, { dims: dimsOf(a, dim), correction, keepdim });
}

/** Variance along `dim` (all elements by default), dividing by N − correction. */
export function variance(a: Tensor, dim: Dims, correction = 1, keepdim = false): Tensor {
  return statistic('var', a, dim, correction, keepdim);
}

/** Standard deviation along `dim`, dividing by N − correction. */
export function std(a: Tensor, dim: Dims, correction = 1, keepdim = false): Tensor {
  return statistic('std', a, dim, correction, keepdim);
}
