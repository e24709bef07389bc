import { broadcastShapes, NDArray, shapesEqual } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { plain, tracks } from '../record.js';
import { Tensor } from '../tensor.js';

/** Which elements keep their gradient: where `mask` is `keep` (both broadcast against the gradient). */
interface Selection {
  readonly mask: NDArray;
  readonly keep: boolean;
}

// Selecting is its own adjoint: the gradient of a selected gradient is selected the same way.
const WhereBackward0 = defineOp('keepWhere', 'WhereBackward0', {
  self: (g, _saved, selection: Selection) => select(g, selection),
});

/**
 * `grad` where `mask` is `keep`, and 0 elsewhere — how rules route a gradient (relu, clamp,
 * where, maximum, max, ...). Never a multiplication by a 0/1 mask: 0 · inf is NaN, and PyTorch
 * gives 0 there.
 */
export function keepWhere(grad: Tensor, mask: NDArray, keep = true): Tensor {
  const out = selected(grad.array, mask, keep);
  return tracks(grad) ? WhereBackward0.record1(out, grad, { mask, keep }) : plain(out);
}

function select(grad: Tensor, selection: Selection): Tensor {
  return keepWhere(grad, selection.mask, selection.keep);
}

function selected(grad: NDArray, mask: NDArray, keep: boolean): NDArray {
  const shape = shapesEqual(grad.shape, mask.shape) ? grad.shape : broadcastShapes('where', grad.shape, mask.shape);
  const g = grad.expand(shape).contiguous();
  const m = mask.expand(shape).contiguous();
  const out = NDArray.zeros(shape, grad.dtype, 'where');
  const o = out.storage.data;
  const gd = g.storage.data;
  const md = m.storage.data;
  const go = g.offset;
  const mo = m.offset;
  const n = out.size;
  // Multiplying by the 0/1 mask is branch-free (a select branch mispredicts on mixed masks); where
  // it gives NaN (an infinite or NaN gradient), the select decides. `+ 0` turns -0 into +0, as
  // PyTorch's zeros.
  if (keep) {
    for (let i = 0; i < n; i++) {
      const x = gd[go + i]!;
      const v = x * md[mo + i]! + 0;
      o[i] = v === v ? v : md[mo + i] ? x : 0;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = gd[go + i]!;
      const v = x * (1 - md[mo + i]!) + 0;
      o[i] = v === v ? v : md[mo + i] ? 0 : x;
    }
  }
  return out;
}

/** Zeros shaped like `t` (a constant: the gradient PyTorch gives through fill_, sign, ...). */
export function zerosLike(t: Tensor): Tensor {
  return new Tensor(NDArray.zeros(t.shape, t.dtype));
}
