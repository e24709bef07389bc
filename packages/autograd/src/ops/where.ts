import { broadcastShapes, DTypeError, NDArray, resultType, zeros } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';
import { keepWhere } from './mask.js';

// The condition takes no gradient but is saved (and version-checked), as in PyTorch.
const WhereBackward0 = defineOp('where', 'WhereBackward0', {
  condition: null,
  self: { saves: ['condition'], grad: (g, { condition }) => keepWhere(g, condition.array) },
  other: { saves: ['condition'], grad: (g, { condition }) => keepWhere(g, condition.array, false) },
});

/** Element `i` of `a` where `condition[i]` is true, else of `b` (all three broadcast). */
function select(condition: NDArray, a: NDArray, b: NDArray): NDArray {
  if (condition.dtype !== 'bool')
    throw new DTypeError(`where: expected condition to be a bool tensor, got ${condition.dtype}`);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, a.shape), b.shape);
  const out = zeros(shape, { dtype: resultType(a, b) });
  const c = condition.expand(shape).contiguous();
  const x = a.expand(shape).contiguous();
  const y = b.expand(shape).contiguous();
  const cd = c.storage.data;
  const xd = x.storage.data;
  const yd = y.storage.data;
  const od = out.storage.data;
  for (let i = 0; i < out.size; i++) od[i] = cd[c.offset + i] ? xd[x.offset + i]! : yd[y.offset + i]!;
  return out;
}

/** PyTorch's `torch.where(condition, a, b)`; differentiable in `a` and `b`. */
export function where(condition: Tensor, a: Tensor, b: Tensor): Tensor {
  const out = select(condition.array, a.array, b.array);
  return tracks(a, b) ? WhereBackward0.record(out, [condition, a, b]) : plain(out);
}
