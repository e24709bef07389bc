import { arange, normalizeDim, type NDArray } from '@torchlet/tensor';
import { defineOp, defineUntrackedOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { keepWhere } from './mask.js';

/**
 * max()/min() over everything (PyTorch's evenly_distribute_backward): the gradient is shared
 * evenly by the elements equal to the result — or, when the result is NaN, by the NaNs.
 */
const AllExtremeBackward = defineOp(
  (kind: 'max' | 'min') => kind,
  (kind: 'max' | 'min') => (kind === 'max' ? 'MaxBackward1' : 'MinBackward1'),
  {
    self: {
      saves: ['self', 'result'],
      grad: (g, { self, result }) => {
        const x = self.array;
        const mask = Number.isNaN(result.item()) ? x.ne(x) : x.eq(result.array);
        return keepWhere(g.div(mask.sum().item()), mask);
      },
    },
  },
);

export interface Along {
  readonly kind: 'max' | 'min';
  readonly dim: number;
  readonly keepdim: boolean;
  readonly indices: NDArray;
}

/** max(dim)/min(dim): the gradient goes to the selected index only (a scatter, not a product). */
const DimExtremeBackward = defineOp(
  (p: Along) => `${p.kind}.dim`,
  (p: Along) => (p.kind === 'max' ? 'MaxBackward0' : 'MinBackward0'),
  {
    self: (grad, _saved, { dim, keepdim, indices }: Along, node) => {
      const shape = node.next[0]!.shape;
      if (shape.length === 0) return grad;
      const index = keepdim ? indices : indices.unsqueeze(dim);
      const positions = arange(shape[dim]!).reshape(shape.map((s, i) => (i === dim ? s : 1)));
      const g = keepdim ? grad : grad.unsqueeze(dim);
      return keepWhere(g.expand(shape), positions.eq(index));
    },
  },
);

export interface ValuesAndIndices {
  readonly values: Tensor;
  readonly indices: Tensor;
}

/** argmax/argmin over `dim` (over every element, flattened, when undefined). */
export interface ArgExtreme {
  readonly dim: number | undefined;
  readonly keepdim: boolean;
}

// Indices take no gradient; a trace still sees them.
const ArgMax = defineUntrackedOp<ArgExtreme>('argmax');
const ArgMin = defineUntrackedOp<ArgExtreme>('argmin');

/** The index of the largest (smallest) element, along `dim` or of the flattened tensor. */
export function argExtreme(kind: 'max' | 'min', a: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  const out = kind === 'max' ? a.array.argmax(dim, keepdim) : a.array.argmin(dim, keepdim);
  return (kind === 'max' ? ArgMax : ArgMin).apply1(out, a, { dim, keepdim });
}

export function extreme(kind: 'max' | 'min', a: Tensor): Tensor {
  const out = kind === 'max' ? a.array.max() : a.array.min();
  return tracks(a) ? AllExtremeBackward.record1(out, a, kind) : plain(out);
}

export function extremeAlong(kind: 'max' | 'min', a: Tensor, dim: number, keepdim: boolean): ValuesAndIndices {
  const { values, indices } = kind === 'max' ? a.array.max(dim, keepdim) : a.array.min(dim, keepdim);
  const indexTensor = (kind === 'max' ? ArgMax : ArgMin).apply1(indices, a, { dim, keepdim });
  if (!tracks(a)) return { values: plain(values), indices: indexTensor };
  const d = normalizeDim(kind, dim, a.ndim);
  return { values: DimExtremeBackward.record1(values, a, { kind, dim: d, keepdim, indices }), indices: indexTensor };
}
