import type { Shape } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import { asView, plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

const ExpandBackward0 = defineOp('expand', 'ExpandBackward0', {
  self: (g) => g, // the engine sums it back to the input's shape
});

/** A broadcast view (stride 0 along expanded dims); -1 keeps a dim. */
export function expand(a: Tensor, shape: Shape): Tensor {
  const out = a.array.expand(shape);
  return asView(tracks(a) ? ExpandBackward0.record1(out, a) : plain(out), a);
}

export function broadcastTo(a: Tensor, shape: Shape): Tensor {
  const out = a.array.broadcastTo(shape);
  return asView(tracks(a) ? ExpandBackward0.record1(out, a) : plain(out), a);
}
