import { arange, normalizeDim, type NDArray } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import { Tensor } from '../tensor.js';

/** max()/min() over everything: ties share the gradient evenly, as in PyTorch. */
class AllExtremeBackward extends Node {
  constructor(private readonly kind: 'max' | 'min') {
    super();
  }
  get name(): string {
    return this.kind === 'max' ? 'MaxBackward1' : 'MinBackward1';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a, result] = this.saved() as [Tensor, Tensor];
    const mask = a.eq(result);
    return [grad.mul(mask).div(mask.sum())];
  }
}

/** max(dim)/min(dim): the gradient goes to the selected index only. */
class DimExtremeBackward extends Node {
  constructor(
    private readonly kind: 'max' | 'min',
    private readonly dim: number,
    private readonly keepdim: boolean,
    private readonly selected: Tensor,
  ) {
    super();
  }
  get name(): string {
    return this.kind === 'max' ? 'MaxBackward0' : 'MinBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const shape = this.next[0]!.shape;
    const index = this.keepdim ? this.selected.array : this.selected.array.unsqueeze(this.dim);
    const positions = arange(shape[this.dim] ?? 1).reshape(shape.map((s, i) => (i === this.dim ? s : 1)));
    const mask = new Tensor(positions.eq(index));
    const g = this.keepdim ? grad : grad.unsqueeze(this.dim);
    return [g.mul(mask)];
  }
}

export interface ValuesAndIndices {
  readonly values: Tensor;
  readonly indices: Tensor;
}

export function extreme(kind: 'max' | 'min', a: Tensor): Tensor {
  const out: NDArray = kind === 'max' ? a.array.max() : a.array.min();
  if (!tracks(a)) return plain(out);
  const node = new AllExtremeBackward(kind);
  const result = record1(node, out, a);
  node.saveForBackward(a, result);
  return result;
}

export function extremeAlong(kind: 'max' | 'min', a: Tensor, dim: number, keepdim: boolean): ValuesAndIndices {
  const { values, indices } = kind === 'max' ? a.array.max(dim, keepdim) : a.array.min(dim, keepdim);
  const indexTensor = plain(indices);
  if (!tracks(a)) return { values: plain(values), indices: indexTensor };
  const d = a.ndim === 0 ? 0 : normalizeDim(kind, dim, a.ndim);
  return { values: record1(new DimExtremeBackward(kind, d, keepdim, indexTensor), values, a), indices: indexTensor };
}
