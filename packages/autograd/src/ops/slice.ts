import { normalizeDim, zeros, type Shape } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { asView, plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** Where a slice sits in its input: `dim`, first index, step and length. */
export interface SliceSpec {
  readonly dim: number;
  readonly start: number;
  readonly step: number;
  readonly length: number;
}

function sliceOf(a: Tensor, spec: SliceSpec): Tensor {
  return a.slice(spec.dim, spec.start, spec.start + (spec.length - 1) * spec.step + 1, spec.step);
}

const SliceBackward0 = defineOp('slice', 'SliceBackward0', {
  self: (g, _saved, spec: SliceSpec, node) => sliceScatter(g, node.next[0]!.shape, spec),
});

const SliceScatterBackward0 = defineOp('sliceScatter', 'SliceScatterBackward0', {
  src: (g, _saved, spec: SliceSpec) => sliceOf(g, spec),
});

/** Zeros of `shape` with `source` written at the slice (the gradient of slicing; differentiable). */
function sliceScatter(source: Tensor, shape: Shape, spec: SliceSpec): Tensor {
  const out = zeros(shape, { dtype: source.dtype });
  if (spec.length > 0 && out.size > 0) {
    out.slice(spec.dim, spec.start, spec.start + (spec.length - 1) * spec.step + 1, spec.step).copy_(source.array);
  }
  return tracks(source) ? SliceScatterBackward0.record1(out, source, spec) : plain(out);
}

/** Python's `a[start:end:step]` along `dim`, as a view. */
export function slice(a: Tensor, dim: number, start = 0, end = Number.POSITIVE_INFINITY, step = 1): Tensor {
  const out = a.array.slice(dim, start, end, step);
  if (!tracks(a)) return asView(plain(out), a);
  const d = normalizeDim('slice', dim, a.ndim);
  const size = a.shape[d]!;
  const first = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
  return asView(SliceBackward0.record1(out, a, { dim: d, start: first, step, length: out.shape[d]! }), a);
}

/** `length` elements from `start` along `dim`, as a view. */
export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  const out = a.array.narrow(dim, start, length);
  if (!tracks(a)) return asView(plain(out), a);
  const d = normalizeDim('narrow', dim, a.ndim);
  const first = start < 0 ? start + a.shape[d]! : start;
  return asView(SliceBackward0.record1(out, a, { dim: d, start: first, step: 1, length }), a);
}

export interface Selection {
  readonly dim: number;
  readonly index: number;
}

const SelectBackward0 = defineOp('select', 'SelectBackward0', {
  self: (g, _saved, { dim, index }: Selection, node) =>
    sliceScatter(g.unsqueeze(dim), node.next[0]!.shape, { dim, start: index, step: 1, length: 1 }),
});

/** The slice at `index` along `dim`, with that dim removed. */
export function select(a: Tensor, dim: number, index: number): Tensor {
  const out = a.array.select(dim, index);
  if (!tracks(a)) return asView(plain(out), a);
  const d = normalizeDim('select', dim, a.ndim);
  const i = index < 0 ? index + a.shape[d]! : index;
  return asView(SelectBackward0.record1(out, a, { dim: d, index: i }), a);
}
