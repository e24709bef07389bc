import { broadcastShapes, DTypeError, NDArray, resultType, zeros } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record2, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class WhereBackward0 extends Node {
  constructor(private readonly condition: Tensor) {
    super();
  }
  get name(): string {
    return 'WhereBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const zero = grad.mul(0);
    return [
      this.needsGrad(0) ? where(this.condition, grad, zero) : null,
      this.needsGrad(1) ? where(this.condition, zero, grad) : null,
    ];
  }
}

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
  return tracks(a, b) ? record2(new WhereBackward0(condition), out, a, b) : plain(out);
}
