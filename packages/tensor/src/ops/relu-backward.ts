import { DTypeError, ShapeError } from '../errors.js';
import { kernelOrNull } from '../kernels/dispatch.js';
import { reluBackward as reluBackwardLoop } from '../kernels/elementwise.js';
import { NDArray } from '../ndarray.js';
import { formatShape, shapesEqual } from '../shape.js';

/**
 * relu's gradient from its output, in one pass: `grad` where `result` > 0 (or NaN), 0 where
 * `result` <= 0 — PyTorch's threshold_backward, which selects rather than multiplies, so an
 * infinite gradient is 0 where the unit was off. Autograd's relu rule uses it when the gradient
 * is not itself differentiated (it builds the same values from `le` and `where` otherwise).
 */
export function reluBackward(grad: NDArray, result: NDArray): NDArray {
  if (!shapesEqual(grad.shape, result.shape)) {
    throw new ShapeError(
      `reluBackward: grad ${formatShape(grad.shape)} and result ${formatShape(result.shape)} must have the same shape`,
    );
  }
  if (grad.dtype !== 'float32' && grad.dtype !== 'float64') {
    throw new DTypeError(`reluBackward: grad must be float32 or float64, got ${grad.dtype}`);
  }
  const g = grad.contiguous();
  const r = result.contiguous();
  const out = NDArray.zeros(grad.shape, grad.dtype, 'reluBackward');
  const o = out.storage.data;
  const gd = g.storage.data;
  const rd = r.storage.data;
  if (o instanceof Float32Array && gd instanceof Float32Array && rd instanceof Float32Array) {
    const fast = kernelOrNull('reluBackward', out.size);
    if (fast !== null) {
      fast(o, gd, g.offset, rd, r.offset, out.size);
      return out;
    }
  }
  reluBackwardLoop(o, gd, g.offset, rd, r.offset, out.size);
  return out;
}
