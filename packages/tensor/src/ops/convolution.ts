import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { kernel } from '../kernels/dispatch.js';
import { convMultiplyAdds, type ConvShape } from '../kernels/conv2d.js';
import { NDArray } from '../ndarray.js';
import { denseData } from './dense.js';
import { formatShape } from '../shape.js';

/**
 * A 2-D convolution's hyper-parameters. Padding is per side (top, bottom, left, right), so
 * PyTorch's 'same' with an even kernel (more padding after than before) needs no extra copy.
 */
export interface Conv2dParams {
  readonly stride: readonly [number, number];
  readonly padding: readonly [top: number, bottom: number, left: number, right: number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

/** The gradients `conv2dBackward` computes; null where not asked for. */
export interface Conv2dGradients {
  readonly input: NDArray | null;
  readonly weight: NDArray | null;
  readonly bias: NDArray | null;
}

/** Output length of a convolution along one dim (PyTorch's formula), checked to be at least 1. */
export function convOutputSize(
  op: string,
  input: number,
  kernelSize: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation: number,
): number {
  const span = dilation * (kernelSize - 1) + 1;
  const padded = input + padBefore + padAfter;
  if (span > padded) {
    throw new ShapeError(
      `${op}: the kernel (size ${kernelSize}, dilation ${dilation}: ${span} wide) is larger than the padded input (size ${input} + padding ${padBefore + padAfter} = ${padded})`,
    );
  }
  return Math.floor((padded - span) / stride) + 1;
}

/** The window geometry of one sample, with every check of shapes and parameters done here. */
function convShape(input: NDArray, weight: NDArray, params: Conv2dParams): ConvShape {
  const op = 'conv2d';
  if (input.ndim !== 4 || weight.ndim !== 4) {
    throw new ShapeError(
      `${op}: expected a 4-D input [N, C, H, W] and a 4-D weight [outChannels, C/groups, kH, kW], got ${formatShape(input.shape)} and ${formatShape(weight.shape)}`,
    );
  }
  if (input.dtype !== weight.dtype || !isFloating(input.dtype)) {
    throw new DTypeError(
      `${op}: input and weight must have the same floating dtype, got ${input.dtype} and ${weight.dtype}`,
    );
  }
  const { stride, padding, dilation, groups } = params;
  for (const [name, values, min] of [
    ['stride', stride, 1],
    ['dilation', dilation, 1],
    ['padding', padding, 0],
  ] as const) {
    if (values.some((v) => !Number.isInteger(v) || v < min)) {
      throw new ValueError(`${op}: ${name} must be integers >= ${min}, got [${values.join(', ')}]`);
    }
  }
  const [, channels, height, width] = input.shape as [number, number, number, number];
  const [outChannels, channelsPerGroup, kernelH, kernelW] = weight.shape as [number, number, number, number];
  if (!Number.isInteger(groups) || groups < 1)
    throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  if (outChannels % groups !== 0) {
    throw new ValueError(`${op}: out channels (${outChannels}) must be divisible by groups (${groups})`);
  }
  if (channelsPerGroup * groups !== channels) {
    throw new ShapeError(
      `${op}: expected input ${formatShape(input.shape)} to have ${channelsPerGroup * groups} channels (weight ${formatShape(weight.shape)} with groups=${groups}), but got ${channels} channels`,
    );
  }
  const [top, bottom, left, right] = padding;
  return {
    channels,
    height,
    width,
    kernelH,
    kernelW,
    strideH: stride[0],
    strideW: stride[1],
    padTop: top,
    padLeft: left,
    dilationH: dilation[0],
    dilationW: dilation[1],
    outHeight: convOutputSize(op, height, kernelH, stride[0], top, bottom, dilation[0]),
    outWidth: convOutputSize(op, width, kernelW, stride[1], left, right, dilation[1]),
    outChannels,
    batch: input.shape[0]!,
    groups,
  };
}

/**
 * out[n, o] = bias[o] + Σ weight[o, c, kh, kw] · input[n, g·C/G + c, oh·s − p + kh·d, ...]
 * (torch.nn.functional.conv2d), by the `conv2d` kernel.
 */
export function conv2d(input: NDArray, weight: NDArray, bias: NDArray | null, params: Conv2dParams): NDArray {
  const s = convShape(input, weight, params);
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== s.outChannels || bias.dtype !== input.dtype)) {
    throw new ShapeError(
      `conv2d: bias must be a ${input.dtype} tensor of shape [${s.outChannels}], got ${bias.dtype} ${formatShape(bias.shape)}`,
    );
  }
  const out = NDArray.zeros([s.batch, s.outChannels, s.outHeight, s.outWidth], input.dtype);
  kernel('conv2d', convMultiplyAdds(s))(
    denseData(input),
    denseData(weight),
    bias === null ? null : denseData(bias),
    s,
    out.storage.data,
  );
  return out;
}

/** The gradients of `conv2d` with respect to what `needs` asks for. */
export function conv2dBackward(
  grad: NDArray,
  input: NDArray,
  weight: NDArray,
  params: Conv2dParams,
  needs: { readonly input: boolean; readonly weight: boolean; readonly bias: boolean },
): Conv2dGradients {
  const s = convShape(input, weight, params);
  const expected = [s.batch, s.outChannels, s.outHeight, s.outWidth];
  if (formatShape(grad.shape) !== formatShape(expected)) {
    throw new ShapeError(
      `conv2d backward: expected a gradient of shape ${formatShape(expected)}, got ${formatShape(grad.shape)}`,
    );
  }
  const gradInput = needs.input ? NDArray.zeros(input.shape, input.dtype) : null;
  const gradWeight = needs.weight ? NDArray.zeros(weight.shape, weight.dtype) : null;
  const biasSums = needs.bias ? new Float64Array(s.outChannels) : null;
  kernel('conv2dBackward', convMultiplyAdds(s))(
    denseData(grad.to(input.dtype)),
    denseData(input),
    denseData(weight),
    s,
    gradInput?.storage.data ?? null,
    gradWeight?.storage.data ?? null,
    biasSums,
  );
  let gradBias: NDArray | null = null;
  if (biasSums !== null) {
    gradBias = NDArray.zeros([s.outChannels], input.dtype);
    gradBias.storage.data.set(biasSums);
  }
  return { input: gradInput, weight: gradWeight, bias: gradBias };
}
