import { scatterInto, zeros, type NDArray } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
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
    ['gather', 'scatterAddIntoZeros'],
    ['GatherBackward0', 'ScatterAddBackward0'],
    (x) => x.gather(dim, index.array),
    (g) => scatterAddIntoZeros(g, shape, dim, index.array),
    { dim, index },
  );
  return forward(input);
}

export interface Scatter {
  readonly dim: number;
  readonly index: Tensor;
  readonly accumulate: boolean;
  /** A scatter of a number: the number (there is no second input). */
  readonly value: number | null;
}

/** Gradients of scatter/scatter_add: `self` keeps its gradient (but where overwritten), `src` gathers. */
const ScatterBackward = defineOp(
  ({ accumulate }: Scatter) => (accumulate ? 'scatterAdd' : 'scatter'),
  ({ accumulate }: Scatter) => (accumulate ? 'ScatterAddBackward0' : 'ScatterBackward0'),
  {
    self: (grad, _saved, { dim, index, accumulate }: Scatter) => (accumulate ? grad : grad.scatter(dim, index, 0)),
    src: (grad, _saved, { dim, index }: Scatter) => gather(grad, dim, index),
  },
);

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
  const params = { dim, index, accumulate, value: srcTensor === null ? (src as number) : null };
  return srcTensor === null
    ? ScatterBackward.record1(out, input, params)
    : ScatterBackward.record2(out, input, srcTensor, params);
}
