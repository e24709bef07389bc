import { nativeAdaptiveAvgPool2d, nativeAvgPool2d, nativeMaxPool2d, type Tensor } from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError } from '@torchlet/tensor';
import { expandSize, pair, type SizeArgument } from './arguments.js';

export interface MaxPoolOptions {
  /** Default: the kernel size. */
  stride?: SizeArgument | null;
  padding?: SizeArgument;
  dilation?: SizeArgument;
  ceilMode?: boolean;
}

export interface AvgPoolOptions {
  stride?: SizeArgument | null;
  padding?: SizeArgument;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  /** 2-D only: divide every window by this instead. */
  divisorOverride?: number | null;
}

/** [N, C, L] / [C, L] (1-D) or [N, C, H, W] / [C, H, W] (2-D) as the 2-D primitives' input. */
function asPlanes(op: string, input: Tensor, dims: 1 | 2): Tensor {
  if (input.ndim !== dims + 1 && input.ndim !== dims + 2) {
    throw new ShapeError(
      `${op}: expected a ${dims + 1}-D (unbatched) or ${dims + 2}-D (batched) input, got ${formatShape(input.shape)}`,
    );
  }
  return dims === 1 ? input.unsqueeze(-2) : input;
}

function windowSizes(op: string, dims: 1 | 2, kernelSize: SizeArgument, options: MaxPoolOptions | AvgPoolOptions) {
  const kernel = expandSize(op, 'kernelSize', kernelSize, dims, 1);
  const stride =
    options.stride === undefined || options.stride === null
      ? kernel
      : expandSize(op, 'stride', options.stride, dims, 1);
  const padding = expandSize(op, 'padding', options.padding ?? 0, dims, 0);
  // 1-D windows are 2-D windows of height 1.
  const lift = (values: readonly number[], fill: number): [number, number] =>
    dims === 1 ? [fill, values[0]!] : pair(values);
  return { kernel: lift(kernel, 1), stride: lift(stride, 1), padding: lift(padding, 0), lift };
}

function maxPool(
  op: string,
  dims: 1 | 2,
  input: Tensor,
  kernelSize: SizeArgument,
  options: MaxPoolOptions,
): [Tensor, Tensor] {
  const x = asPlanes(op, input, dims);
  const { kernel, stride, padding, lift } = windowSizes(op, dims, kernelSize, options);
  const dilation = lift(expandSize(op, 'dilation', options.dilation ?? 1, dims, 1), 1);
  const { values, indices } = nativeMaxPool2d(x, {
    kernelSize: kernel,
    stride,
    padding,
    dilation,
    ceilMode: options.ceilMode ?? false,
  });
  return dims === 1 ? [values.squeeze(-2), indices.squeeze(-2)] : [values, indices];
}

function avgPool(op: string, dims: 1 | 2, input: Tensor, kernelSize: SizeArgument, options: AvgPoolOptions): Tensor {
  const x = asPlanes(op, input, dims);
  const { kernel, stride, padding } = windowSizes(op, dims, kernelSize, options);
  if (dims === 1 && options.divisorOverride != null) {
    throw new ValueError(`${op}: divisorOverride is only accepted by 2-D average pooling`);
  }
  const out = nativeAvgPool2d(x, {
    kernelSize: kernel,
    stride,
    padding,
    ceilMode: options.ceilMode ?? false,
    countIncludePad: options.countIncludePad ?? true,
    divisorOverride: options.divisorOverride ?? null,
  });
  return dims === 1 ? out.squeeze(-2) : out;
}

/** PyTorch's `F.max_pool2d`; with `returnIndices: true`, `[output, indices]` (flat h·W + w per plane). */
export function maxPool2d(
  input: Tensor,
  kernelSize: SizeArgument,
  options?: MaxPoolOptions & { returnIndices?: false },
): Tensor;
export function maxPool2d(
  input: Tensor,
  kernelSize: SizeArgument,
  options: MaxPoolOptions & { returnIndices: true },
): [Tensor, Tensor];
export function maxPool2d(
  input: Tensor,
  kernelSize: SizeArgument,
  options: MaxPoolOptions & { returnIndices?: boolean } = {},
): Tensor | [Tensor, Tensor] {
  const result = maxPool('maxPool2d', 2, input, kernelSize, options);
  return options.returnIndices === true ? result : result[0];
}

/** PyTorch's `F.max_pool1d` over the last dim of [N, C, L] or [C, L]. */
export function maxPool1d(
  input: Tensor,
  kernelSize: SizeArgument,
  options?: MaxPoolOptions & { returnIndices?: false },
): Tensor;
export function maxPool1d(
  input: Tensor,
  kernelSize: SizeArgument,
  options: MaxPoolOptions & { returnIndices: true },
): [Tensor, Tensor];
export function maxPool1d(
  input: Tensor,
  kernelSize: SizeArgument,
  options: MaxPoolOptions & { returnIndices?: boolean } = {},
): Tensor | [Tensor, Tensor] {
  const result = maxPool('maxPool1d', 1, input, kernelSize, options);
  return options.returnIndices === true ? result : result[0];
}

/** PyTorch's `F.avg_pool2d` (countIncludePad defaults to true, as there). */
export function avgPool2d(input: Tensor, kernelSize: SizeArgument, options: AvgPoolOptions = {}): Tensor {
  return avgPool('avgPool2d', 2, input, kernelSize, options);
}

/** PyTorch's `F.avg_pool1d`. */
export function avgPool1d(
  input: Tensor,
  kernelSize: SizeArgument,
  options: Omit<AvgPoolOptions, 'divisorOverride'> = {},
): Tensor {
  return avgPool('avgPool1d', 1, input, kernelSize, options);
}

/** The output size of adaptive pooling: one size, or [height, width] with null keeping the input's. */
export type AdaptiveSize = number | readonly [number | null, number | null];

/** PyTorch's `F.adaptive_avg_pool2d`: each output averages an evenly spread window. */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`adaptiveAvgPool2d: expected a 3-D or 4-D input, got ${formatShape(input.shape)}`);
  }
  const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  const height = sizes[0] ?? input.shape[input.ndim - 2]!;
  const width = sizes[1] ?? input.shape[input.ndim - 1]!;
  return nativeAdaptiveAvgPool2d(input, [height, width]);
}
