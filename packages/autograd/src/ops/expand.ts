import type { Shape } from '@torchlet/tensor';
import { Node } from '../node.js';
import { recordView, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class ExpandBackward0 extends Node {
  get name(): string {
    return 'ExpandBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    return [grad]; // the engine sums it back to the input's shape
  }
}

/** A broadcast view (stride 0 along expanded dims); -1 keeps a dim. */
export function expand(a: Tensor, shape: Shape): Tensor {
  const out = a.array.expand(shape);
  return recordView(tracks(a) ? new ExpandBackward0() : null, out, a);
}

export function broadcastTo(a: Tensor, shape: Shape): Tensor {
  const out = a.array.broadcastTo(shape);
  return recordView(tracks(a) ? new ExpandBackward0() : null, out, a);
}
