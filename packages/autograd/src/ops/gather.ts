import { scatterInto, zeros, type NDArray } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { linearPair } from './linear-pair.js';

/** `out` of `shape` zeros with `src` added at the positions `index` names along `dim`. */
function scatterAddIntoZeros(src: NDArray, shape: readonly number[], dim: number, index: NDArray): NDArray {
  return scatterInto('scatterAdd', zeros(shape, { dtype: src.dtype }), dim, index, src, true);
}

/** PyTorch's `gather`: elements picked along `dim` by `index`. Its gradient scatter-adds back. */
export function gather(input: Tensor, dim: number, index: Tensor): Tensor {
  const shape = input.shape;
  const [forward] = linearPair(
    ['GatherBackward0', 'ScatterAddBackward0'],
    (x) => x.gather(dim, index.array),
    (g) => scatterAddIntoZeros(g, shape, dim, index.array),
  );
  return forward(input);
}

/** Gradients of scatter/scatter_add: `self` keeps its gradient (but where overwritten), `src` gathers. */
class ScatterBackward extends Node {
  constructor(
    private readonly nodeName: string,
    private readonly dim: number,
    private readonly index: Tensor,
    private readonly accumulate: boolean,
  ) {
    super();
  }
  get name(): string {
    return this.nodeName;
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const selfGrad = !this.needsGrad(0) ? null : this.accumulate ? grad : grad.scatter(this.dim, this.index, 0);
    // A scatter of a number has no second input.
    if (this.next.length === 1) return [selfGrad];
    return [selfGrad, this.needsGrad(1) ? gather(grad, this.dim, this.index) : null];
  }
}

/** PyTorch's `scatter` (src a tensor or a number) and `scatter_add`, out of place. */
export function scatter(
  op: 'scatter' | 'scatterAdd',
  input: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number,
): Tensor {
  const accumulate = op === 'scatterAdd';
  let out: NDArray;
  if (typeof src === 'number') out = input.array.scatter(dim, index.array, src);
  else
    out = accumulate
      ? input.array.scatterAdd(dim, index.array, src.array)
      : input.array.scatter(dim, index.array, src.array);
  const srcTensor = typeof src === 'number' ? null : src;
  if (!tracks(input, srcTensor)) return plain(out);
  const node = new ScatterBackward(accumulate ? 'ScatterAddBackward0' : 'ScatterBackward0', dim, index, accumulate);
  return srcTensor === null ? record1(node, out, input) : record2(node, out, input, srcTensor);
}
