import { nativeConv2d, type Tensor } from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError } from '@torchlet/tensor';
import { expandSize, type SizeArgument } from './arguments.js';

/** Padding: one amount for every side, one per dim, 'valid' (none) or 'same' (output size = input size). */
export type ConvPadding = SizeArgument | 'valid' | 'same';

export interface ConvOptions {
  stride?: SizeArgument;
  padding?: ConvPadding;
  dilation?: SizeArgument;
  groups?: number;
}

/**
 * Per-dim [before, after] padding. 'same' pads dilation·(kernel − 1) in total, the extra element
 * after (as PyTorch does for even kernels), and needs stride 1.
 */
function paddingAmounts(
  op: string,
  padding: ConvPadding,
  kernel: readonly number[],
  dilation: readonly number[],
  stride: readonly number[],
): [number, number][] {
  if (padding === 'valid') return kernel.map(() => [0, 0]);
  if (padding === 'same') {
    if (stride.some((s) => s !== 1))
      throw new ValueError(`${op}: padding='same' is not supported for strided convolutions`);
    return kernel.map((k, i) => {
      const total = dilation[i]! * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  if (typeof padding === 'string')
    throw new ValueError(`${op}: padding must be a number, a tuple, 'valid' or 'same', got '${padding}'`);
  return expandSize(op, 'padding', padding, kernel.length, 0).map((p) => [p, p]);
}

/**
 * PyTorch's conv1d/conv2d on the 2-D primitive: an unbatched input gets a batch dim, a 1-D
 * convolution a height of 1.
 */
function convolve(
  op: 'conv1d' | 'conv2d',
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  options: ConvOptions,
): Tensor {
  const dims = op === 'conv1d' ? 1 : 2;
  if (weight.ndim !== dims + 2) {
    throw new ShapeError(
      `${op}: expected a ${dims + 2}-D weight [outChannels, inChannels/groups, ${dims === 1 ? 'k' : 'kH, kW'}], got ${formatShape(weight.shape)}`,
    );
  }
  if (input.ndim !== dims + 1 && input.ndim !== dims + 2) {
    throw new ShapeError(
      `${op}: expected a ${dims + 1}-D (unbatched) or ${dims + 2}-D (batched) input, got ${formatShape(input.shape)}`,
    );
  }
  const kernel = weight.shape.slice(2);
  const stride = expandSize(op, 'stride', options.stride ?? 1, dims, 1);
  const dilation = expandSize(op, 'dilation', options.dilation ?? 1, dims, 1);
  const padding = paddingAmounts(op, options.padding ?? 0, kernel, dilation, stride);
  const unbatched = input.ndim === dims + 1;
  let x = unbatched ? input.unsqueeze(0) : input;
  let w = weight;
  if (dims === 1) {
    x = x.unsqueeze(2);
    w = w.unsqueeze(2);
  }
  const [h, v] = dims === 1 ? [[0, 0] as [number, number], padding[0]!] : [padding[0]!, padding[1]!];
  const out = nativeConv2d(x, w, bias, {
    stride: dims === 1 ? [1, stride[0]!] : [stride[0]!, stride[1]!],
    padding: [h[0], h[1], v[0], v[1]],
    dilation: dims === 1 ? [1, dilation[0]!] : [dilation[0]!, dilation[1]!],
    groups: options.groups ?? 1,
  });
  const flat = dims === 1 ? out.squeeze(2) : out;
  return unbatched ? flat.squeeze(0) : flat;
}

/** 2-D convolution (PyTorch's `F.conv2d`): input [N, C, H, W] or [C, H, W], weight [out, C/groups, kH, kW]. */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return convolve('conv2d', input, weight, bias, options);
}

/** 1-D convolution (PyTorch's `F.conv1d`): input [N, C, L] or [C, L], weight [out, C/groups, k]. */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return convolve('conv1d', input, weight, bias, options);
}
