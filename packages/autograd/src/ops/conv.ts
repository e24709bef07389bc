import { conv2d as conv2dArrays, conv2dBackward, type Conv2dParams, type NDArray } from '@torchlet/tensor';
import { defineKernelOp } from '../define-op.js';
import { plain, tracksAny } from '../record.js';
import { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';

export interface Convolution {
  readonly params: Conv2dParams;
  readonly hasBias: boolean;
}

const wrap = (g: NDArray | null): Tensor | null => (g === null ? null : new Tensor(g));

/** One kernel call gives the input's, the weight's and the bias's gradients (each only if needed). */
const ConvolutionBackward0 = defineKernelOp(
  'conv2d',
  'ConvolutionBackward0',
  (grad, saved, { params, hasBias }: Convolution, node) => {
    checkFirstOrder(node.name);
    const [input, weight] = saved as [Tensor, Tensor];
    const grads = conv2dBackward(grad.array, input.array, weight.array, params, {
      input: node.needsGrad(0),
      weight: node.needsGrad(1),
      bias: hasBias && node.needsGrad(2),
    });
    const out = [wrap(grads.input), wrap(grads.weight)];
    if (hasBias) out.push(wrap(grads.bias));
    return out;
  },
);

/**
 * 2-D convolution of `input` [N, C, H, W] with `weight` [outChannels, C/groups, kH, kW] and an
 * optional `bias` [outChannels]; one recorded op (PyTorch's `convolution`).
 */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null, params: Conv2dParams): Tensor {
  const out = conv2dArrays(input.array, weight.array, bias?.array ?? null, params);
  const inputs = bias === null ? [input, weight] : [input, weight, bias];
  if (!tracksAny(inputs)) return plain(out);
  return ConvolutionBackward0.record(out, inputs, [input, weight], { params, hasBias: bias !== null });
}
