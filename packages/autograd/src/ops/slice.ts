import { normalizeDim, zeros, type NDArray, type Shape } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, recordView, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/** Where a slice sits in its input: `dim`, first index, step and length. */
interface SliceSpec {
  readonly dim: number;
  readonly start: number;
  readonly step: number;
  readonly length: number;
}

function sliceOf(a: Tensor, spec: SliceSpec): Tensor {
  return a.slice(spec.dim, spec.start, spec.start + (spec.length - 1) * spec.step + 1, spec.step);
}

class SliceBackward0 extends Node {
  constructor(private readonly spec: SliceSpec) {
    super();
  }
  get name(): string {
    return 'SliceBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [sliceScatter(grad, this.next[0]!.shape, this.spec)];
  }
}

class SliceScatterBackward extends Node {
  constructor(private readonly spec: SliceSpec) {
    super();
  }
  get name(): string {
    return 'SliceScatterBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [sliceOf(grad, this.spec)];
  }
}

/** Zeros of `shape` with `source` written at the slice (the gradient of slicing; differentiable). */
function sliceScatter(source: Tensor, shape: Shape, spec: SliceSpec): Tensor {
  const out = zeros(shape, { dtype: source.dtype });
  if (spec.length > 0) {
    out.slice(spec.dim, spec.start, spec.start + (spec.length - 1) * spec.step + 1, spec.step).copy_(source.array);
  }
  return tracks(source) ? record1(new SliceScatterBackward(spec), out, source) : plain(out);
}

function sliced(a: Tensor, spec: SliceSpec, out: NDArray): Tensor {
  return recordView(tracks(a) ? new SliceBackward0(spec) : null, out, a);
}

/** Python's `a[start:end:step]` along `dim`, as a view. */
export function slice(a: Tensor, dim: number, start = 0, end = Number.POSITIVE_INFINITY, step = 1): Tensor {
  const out = a.array.slice(dim, start, end, step);
  const d = normalizeDim('slice', dim, a.ndim);
  const size = a.shape[d]!;
  const first = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
  return sliced(a, { dim: d, start: first, step, length: out.shape[d]! }, out);
}

/** `length` elements from `start` along `dim`, as a view. */
export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  const out = a.array.narrow(dim, start, length);
  const d = normalizeDim('narrow', dim, a.ndim);
  const first = start < 0 ? start + a.shape[d]! : start;
  return sliced(a, { dim: d, start: first, step: 1, length }, out);
}

class SelectBackward0 extends Node {
  constructor(
    private readonly dim: number,
    private readonly index: number,
  ) {
    super();
  }
  get name(): string {
    return 'SelectBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const spec = { dim: this.dim, start: this.index, step: 1, length: 1 };
    return [sliceScatter(grad.unsqueeze(this.dim), this.next[0]!.shape, spec)];
  }
}

/** The slice at `index` along `dim`, with that dim removed. */
export function select(a: Tensor, dim: number, index: number): Tensor {
  const out = a.array.select(dim, index);
  if (!tracks(a)) return recordView(null, out, a);
  const d = normalizeDim('select', dim, a.ndim);
  const i = index < 0 ? index + a.shape[d]! : index;
  return recordView(new SelectBackward0(d, i), out, a);
}
