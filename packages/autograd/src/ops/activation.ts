import type { NDArray } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

// Element-wise activations whose gradient is a function of their output.

class ReluBackward0 extends Node {
  get name(): string {
    return 'ReluBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [result] = this.saved() as [Tensor];
    return [grad.mul(result.gt(0))];
  }
}

class SigmoidBackward0 extends Node {
  get name(): string {
    return 'SigmoidBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [y] = this.saved() as [Tensor];
    return [grad.mul(y.rsub(1).mul(y))];
  }
}

class TanhBackward0 extends Node {
  get name(): string {
    return 'TanhBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [y] = this.saved() as [Tensor];
    return [grad.mul(y.mul(y).rsub(1))];
  }
}

function activation(a: Tensor, node: Node | null, out: NDArray): Tensor {
  if (node === null) return plain(out);
  const result = record1(node, out, a);
  node.saveForBackward(result);
  return result;
}

export function relu(a: Tensor): Tensor {
  return activation(a, tracks(a) ? new ReluBackward0() : null, a.array.relu());
}

export function sigmoid(a: Tensor): Tensor {
  return activation(a, tracks(a) ? new SigmoidBackward0() : null, a.array.sigmoid());
}

export function tanh(a: Tensor): Tensor {
  return activation(a, tracks(a) ? new TanhBackward0() : null, a.array.tanh());
}
