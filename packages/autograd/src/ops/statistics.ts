import { normalizeDim, standardDeviation, variance as varianceOf, zerosLike } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
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

class StatisticBackward extends Node {
  constructor(
    private readonly nodeName: 'VarBackward0' | 'StdBackward0',
    private readonly dims: readonly number[],
    private readonly correction: number,
    private readonly keepdim: boolean,
  ) {
    super();
  }
  get name(): string {
    return this.nodeName;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const saved = this.saved();
    const x = saved[0]!;
    if (this.nodeName === 'VarBackward0') return [varianceGradient(x, grad, this.dims, this.correction, this.keepdim)];
    // d std = d var / (2 std); PyTorch sends 0 where std is 0 instead of NaN.
    const result = saved[1]!;
    const scaled = grad.div(result.mul(2));
    const zero = new Tensor(zerosLike(scaled.array));
    const safe = where(result.eq(0), zero, scaled);
    return [varianceGradient(x, safe, this.dims, this.correction, this.keepdim)];
  }
}

function statistic(kind: 'var' | 'std', a: Tensor, dim: Dims, correction: number, keepdim: boolean): Tensor {
  const out = (kind === 'var' ? varianceOf : standardDeviation)(a.array, dim, correction, keepdim);
  if (!tracks(a)) return plain(out);
  const node = new StatisticBackward(
    kind === 'var' ? 'VarBackward0' : 'StdBackward0',
    dimsOf(a, dim),
    correction,
    keepdim,
  );
  const result = record1(node, out, a);
  if (kind === 'var') node.saveForBackward(a);
  else node.saveForBackward(a, result);
  return result;
}

/** Variance along `dim` (all elements by default), dividing by N − correction. */
export function variance(a: Tensor, dim: Dims, correction = 1, keepdim = false): Tensor {
  return statistic('var', a, dim, correction, keepdim);
}

/** Standard deviation along `dim`, dividing by N − correction. */
export function std(a: Tensor, dim: Dims, correction = 1, keepdim = false): Tensor {
  return statistic('std', a, dim, correction, keepdim);
}
