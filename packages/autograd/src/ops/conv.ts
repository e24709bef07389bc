import { conv2d as conv2dArrays, conv2dBackward, type Conv2dParams } from '@torchlet/tensor';
import { Node } from '../node.js';
import { plain, record2, recordMany, tracksAny } from '../record.js';
import { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';

class ConvolutionBackward0 extends Node {
  constructor(
    private readonly params: Conv2dParams,
    private readonly hasBias: boolean,
  ) {
    super();
  }
  get name(): string {
    return 'ConvolutionBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    checkFirstOrder(this.name);
    const [input, weight] = this.saved() as [Tensor, Tensor];
    const grads = conv2dBackward(grad.array, input.array, weight.array, this.params, {
      input: this.needsGrad(0),
      weight: this.needsGrad(1),
      bias: this.hasBias && this.needsGrad(2),
    });
    const wrap = (g: typeof grads.input) => (g === null ? null : new Tensor(g));
    const out = [wrap(grads.input), wrap(grads.weight)];
    if (this.hasBias) out.push(wrap(grads.bias));
    return out;
  }
}

/**
 * 2-D convolution of `input` [N, C, H, W] with `weight` [outChannels, C/groups, kH, kW] and an
 * optional `bias` [outChannels]; one recorded op (PyTorch's `convolution`).
 */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, params: Conv2dParams): Tensor {
  const out = conv2dArrays(input.array, weight.array, bias?.array ?? null, params);
  const inputs = bias === null ? [input, weight] : [input, weight, bias];
  if (!tracksAny(inputs)) return plain(out);
  const node = new ConvolutionBackward0(params, bias !== null);
  node.saveForBackward(input, weight);
  return bias === null ? record2(node, out, input, weight) : recordMany(node, out, inputs);
}
