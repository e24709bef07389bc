import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { kernel } from '../kernels/dispatch.js';
import type { Window2d } from '../kernels/im2col.js';
import { NDArray } from '../ndarray.js';
import { formatShape } from '../shape.js';

/** A 2-D pooling window: sizes, strides, padding (both sides alike) and dilation, per dim. */
export interface Pool2dParams {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** Round the output size up, so a partial window at the end counts (PyTorch's ceil_mode). */
  readonly ceilMode: boolean;
}

export interface AvgPool2dParams extends Omit<Pool2dParams, 'dilation'> {
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
}

/** PyTorch's pooling_output_shape: floor or ceil, and a last window must start inside the input. */
export function poolOutputSize(
  input: number,
  kernelSize: number,
  stride: number,
  pad: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = dilation * (kernelSize - 1) + 1;
  const room = input + 2 * pad - span + (ceilMode ? stride - 1 : 0);
  let size = Math.floor(room / stride) + 1;
  if (ceilMode && (size - 1) * stride >= input + pad) size--;
  return size;
}

/** [N, C, H, W] or [C, H, W] input: the plane count, the geometry, and the output shape. */
function poolGeometry(
  op: string,
  input: NDArray,
  params: Pool2dParams,
): { planes: number; window: Window2d; outShape: number[] } {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`${op}: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got ${formatShape(input.shape)}`);
  }
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: expected a floating input, got ${input.dtype}`);
  const { kernelSize, stride, padding, dilation, ceilMode } = params;
  for (const [name, values, min] of [
    ['kernelSize', kernelSize, 1],
    ['stride', stride, 1],
    ['dilation', dilation, 1],
    ['padding', padding, 0],
  ] as const) {
    if (values.some((v) => !Number.isInteger(v) || v < min)) {
      throw new ValueError(`${op}: ${name} must be integers >= ${min}, got [${values.join(', ')}]`);
    }
  }
  if (padding[0] * 2 > kernelSize[0] || padding[1] * 2 > kernelSize[1]) {
    throw new ValueError(
      `${op}: pad should be at most half of the kernel size, but got padding [${padding.join(', ')}] for kernelSize [${kernelSize.join(', ')}]`,
    );
  }
  const height = input.shape[input.ndim - 2]!;
  const width = input.shape[input.ndim - 1]!;
  const outHeight = poolOutputSize(height, kernelSize[0], stride[0], padding[0], dilation[0], ceilMode);
  const outWidth = poolOutputSize(width, kernelSize[1], stride[1], padding[1], dilation[1], ceilMode);
  if (outHeight < 1 || outWidth < 1) {
    throw new ShapeError(
      `${op}: given input size ${formatShape(input.shape.slice(-3))}, the calculated output size [${input.shape[input.ndim - 3]}, ${outHeight}, ${outWidth}] is too small`,
    );
  }
  const planes = input.size / (height * width || 1);
  const window: Window2d = {
    channels: 1,
    height,
    width,
    kernelH: kernelSize[0],
    kernelW: kernelSize[1],
    strideH: stride[0],
    strideW: stride[1],
    padTop: padding[0],
    padLeft: padding[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    outHeight,
    outWidth,
  };
  return { planes, window, outShape: [...input.shape.slice(0, -2), outHeight, outWidth] };
}

/** Max pooling (torch.nn.functional.max_pool2d with return_indices): values and flat indices per plane. */
export function maxPool2d(input: NDArray, params: Pool2dParams): { values: NDArray; indices: NDArray } {
  const { planes, window, outShape } = poolGeometry('maxPool2d', input, params);
  const x = input.contiguous();
  const values = NDArray.zeros(outShape, input.dtype);
  const indices = NDArray.zeros(outShape, 'int32');
  const source = x.offset === 0 ? x.storage.data : x.storage.data.subarray(x.offset, x.offset + x.size);
  kernel('maxPool2d', values.size)(source, planes, window, values.storage.data, indices.storage.data as Int32Array);
  return { values, indices };
}

/** The gradient of `maxPool2d` with respect to its input. */
export function maxPool2dBackward(grad: NDArray, indices: NDArray, input: NDArray, params: Pool2dParams): NDArray {
  const { planes, window, outShape } = poolGeometry('maxPool2d backward', input, params);
  checkGradient('maxPool2d', grad, outShape);
  const gradInput = NDArray.zeros(input.shape, input.dtype);
  const g = grad.contiguous().to(input.dtype);
  kernel('maxPool2dBackward', g.size)(
    g.storage.data.subarray(g.offset, g.offset + g.size),
    indices.contiguous().storage.data as Int32Array,
    planes,
    window,
    gradInput.storage.data,
  );
  return gradInput;
}

function avgParams(params: AvgPool2dParams): Pool2dParams {
  return { ...params, dilation: [1, 1] };
}

function checkDivisor(divisor: number | null): void {
  if (divisor !== null && (!Number.isInteger(divisor) || divisor === 0)) {
    throw new ValueError(`avgPool2d: divisorOverride must be a non-zero integer, got ${divisor}`);
  }
}

/** Average pooling (torch.nn.functional.avg_pool2d). */
export function avgPool2d(input: NDArray, params: AvgPool2dParams): NDArray {
  checkDivisor(params.divisorOverride);
  const { planes, window, outShape } = poolGeometry('avgPool2d', input, avgParams(params));
  const x = input.contiguous();
  const out = NDArray.zeros(outShape, input.dtype);
  kernel('avgPool2d', out.size)(
    x.storage.data.subarray(x.offset, x.offset + x.size),
    planes,
    window,
    params,
    out.storage.data,
  );
  return out;
}

/** The gradient of `avgPool2d` with respect to its input. */
export function avgPool2dBackward(grad: NDArray, input: NDArray, params: AvgPool2dParams): NDArray {
  const { planes, window, outShape } = poolGeometry('avgPool2d backward', input, avgParams(params));
  checkGradient('avgPool2d', grad, outShape);
  const g = grad.contiguous().to(input.dtype);
  const gradInput = NDArray.zeros(input.shape, input.dtype);
  kernel('avgPool2dBackward', g.size)(
    g.storage.data.subarray(g.offset, g.offset + g.size),
    planes,
    window,
    params,
    gradInput.storage.data,
  );
  return gradInput;
}

function adaptiveShape(op: string, input: NDArray, outputSize: readonly [number, number]): number[] {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`${op}: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got ${formatShape(input.shape)}`);
  }
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: expected a floating input, got ${input.dtype}`);
  if (outputSize.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ValueError(`${op}: output size must be positive integers, got [${outputSize.join(', ')}]`);
  }
  if (input.shape[input.ndim - 2] === 0 || input.shape[input.ndim - 1] === 0) {
    throw new ShapeError(`${op}: expected non-empty spatial dims, got input ${formatShape(input.shape)}`);
  }
  return [...input.shape.slice(0, -2), ...outputSize];
}

/** Adaptive average pooling to `outputSize` (torch.nn.functional.adaptive_avg_pool2d). */
export function adaptiveAvgPool2d(input: NDArray, outputSize: readonly [number, number]): NDArray {
  const outShape = adaptiveShape('adaptiveAvgPool2d', input, outputSize);
  const [height, width] = input.shape.slice(-2) as [number, number];
  const x = input.contiguous();
  const out = NDArray.zeros(outShape, input.dtype);
  kernel('adaptiveAvgPool2d', x.size)(
    x.storage.data.subarray(x.offset, x.offset + x.size),
    input.size / (height * width),
    height,
    width,
    outputSize[0],
    outputSize[1],
    out.storage.data,
  );
  return out;
}

/** The gradient of `adaptiveAvgPool2d` with respect to its input. */
export function adaptiveAvgPool2dBackward(grad: NDArray, input: NDArray): NDArray {
  const [height, width] = input.shape.slice(-2) as [number, number];
  const [outHeight, outWidth] = grad.shape.slice(-2) as [number, number];
  checkGradient('adaptiveAvgPool2d', grad, adaptiveShape('adaptiveAvgPool2d', input, [outHeight, outWidth]));
  const g = grad.contiguous().to(input.dtype);
  const gradInput = NDArray.zeros(input.shape, input.dtype);
  kernel('adaptiveAvgPool2dBackward', input.size)(
    g.storage.data.subarray(g.offset, g.offset + g.size),
    input.size / (height * width),
    height,
    width,
    outHeight,
    outWidth,
    gradInput.storage.data,
  );
  return gradInput;
}

function checkGradient(op: string, grad: NDArray, shape: readonly number[]): void {
  if (formatShape(grad.shape) !== formatShape(shape)) {
    throw new ShapeError(
      `${op} backward: expected a gradient of shape ${formatShape(shape)}, got ${formatShape(grad.shape)}`,
    );
  }
}
