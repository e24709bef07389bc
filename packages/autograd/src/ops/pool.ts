import {
  adaptiveAvgPool2d as adaptiveAvgPoolArrays,
  adaptiveAvgPool2dBackward,
  avgPool2d as avgPoolArrays,
  avgPool2dBackward,
  maxPool2d as maxPoolArrays,
  maxPool2dBackward,
  type AvgPool2dParams,
  type NDArray,
  type Pool2dParams,
} from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';

class MaxPool2DWithIndicesBackward0 extends Node {
  constructor(
    private readonly params: Pool2dParams,
    private readonly indices: NDArray,
  ) {
    super();
  }
  get name(): string {
    return 'MaxPool2DWithIndicesBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    checkFirstOrder(this.name);
    const [input] = this.saved() as [Tensor];
    return [new Tensor(maxPool2dBackward(grad.array, this.indices, input.array, this.params))];
  }
}

/** Max pooling: the values (differentiable: each gradient goes to its window's maximum) and the indices. */
export function maxPool2d(input: Tensor, params: Pool2dParams): { values: Tensor; indices: Tensor } {
  const { values, indices } = maxPoolArrays(input.array, params);
  const indexTensor = new Tensor(indices);
  if (!tracks(input)) return { values: plain(values), indices: indexTensor };
  const node = new MaxPool2DWithIndicesBackward0(params, indices);
  // Only the input's shape and dtype are needed, but saving it keeps PyTorch's in-place check.
  node.saveForBackward(input);
  return { values: record1(node, values, input), indices: indexTensor };
}

class AvgPool2DBackward0 extends Node {
  constructor(private readonly params: AvgPool2dParams) {
    super();
  }
  get name(): string {
    return 'AvgPool2DBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    checkFirstOrder(this.name);
    const [input] = this.saved() as [Tensor];
    return [new Tensor(avgPool2dBackward(grad.array, input.array, this.params))];
  }
}

/** Average pooling over 2-D windows. */
export function avgPool2d(input: Tensor, params: AvgPool2dParams): Tensor {
  const out = avgPoolArrays(input.array, params);
  if (!tracks(input)) return plain(out);
  const node = new AvgPool2DBackward0(params);
  node.saveForBackward(input);
  return record1(node, out, input);
}

class AdaptiveAvgPool2DBackward0 extends Node {
  get name(): string {
    return 'AdaptiveAvgPool2DBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    checkFirstOrder(this.name);
    const [input] = this.saved() as [Tensor];
    return [new Tensor(adaptiveAvgPool2dBackward(grad.array, input.array))];
  }
}

/** Adaptive average pooling to a fixed output size. */
export function adaptiveAvgPool2d(input: Tensor, outputSize: readonly [number, number]): Tensor {
  const out = adaptiveAvgPoolArrays(input.array, outputSize);
  if (!tracks(input)) return plain(out);
  const node = new AdaptiveAvgPool2DBackward0();
  node.saveForBackward(input);
  return record1(node, out, input);
}
