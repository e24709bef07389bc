import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { kernel } from '../kernels/dispatch.js';
import type { Window2d } from '../kernels/im2col.js';
import { NDArray } from '../ndarray.js';
import { formatShape } from '../shape.js';
import { convOutputSize } from './convolution.js';

/** Sliding-window parameters of torch.nn.functional.unfold / fold, per spatial dim. */
export interface SlidingWindowParams {
  readonly kernelSize: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly stride: readonly [number, number];
}

function checkParams(op: string, params: SlidingWindowParams): void {
  for (const [name, values, min] of [
    ['kernelSize', params.kernelSize, 1],
    ['dilation', params.dilation, 1],
    ['stride', params.stride, 1],
    ['padding', params.padding, 0],
  ] as const) {
    if (values.some((v) => !Number.isInteger(v) || v < min)) {
      throw new ValueError(`${op}: ${name} must be integers >= ${min}, got [${values.join(', ')}]`);
    }
  }
}

function windowOf(op: string, channels: number, height: number, width: number, params: SlidingWindowParams): Window2d {
  const { kernelSize, dilation, padding, stride } = params;
  return {
    channels,
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
    outHeight: convOutputSize(op, height, kernelSize[0], stride[0], padding[0], padding[0], dilation[0]),
    outWidth: convOutputSize(op, width, kernelSize[1], stride[1], padding[1], padding[1], dilation[1]),
  };
}

/** [C, H, W] or [N, C, H, W] as the batch, the window, and whether a batch dim was added. */
function batched(op: string, input: NDArray): { x: NDArray; unbatched: boolean } {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`${op}: expected a 3-D [C, H, W] or 4-D [N, C, H, W] input, got ${formatShape(input.shape)}`);
  }
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: expected a floating input, got ${input.dtype}`);
  return { x: (input.ndim === 3 ? input.unsqueeze(0) : input).contiguous(), unbatched: input.ndim === 3 };
}

/**
 * im2col (torch.nn.functional.unfold): [N, C, H, W] → [N, C·kH·kW, L], the values under each of
 * the L window positions as a column.
 */
export function im2col(input: NDArray, params: SlidingWindowParams): NDArray {
  checkParams('unfold', params);
  const { x, unbatched } = batched('unfold', input);
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  const g = windowOf('unfold', channels, height, width, params);
  const L = g.outHeight * g.outWidth;
  const rows = channels * g.kernelH * g.kernelW;
  const out = NDArray.zeros([batch, rows, L], x.dtype);
  const run = kernel('im2col', out.size);
  for (let n = 0; n < batch; n++)
    run(x.storage.data, x.offset + n * channels * height * width, g, out.storage.data, n * rows * L, L);
  return unbatched ? out.squeeze(0) : out;
}

/**
 * col2im (torch.nn.functional.fold): [N, C·kH·kW, L] → [N, C, outputSize], summing the values of
 * overlapping windows. The adjoint of `im2col`, and its gradient.
 */
export function col2im(input: NDArray, outputSize: readonly [number, number], params: SlidingWindowParams): NDArray {
  checkParams('fold', params);
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new ShapeError(
      `fold: expected a 2-D [C·kH·kW, L] or 3-D [N, C·kH·kW, L] input, got ${formatShape(input.shape)}`,
    );
  }
  if (!isFloating(input.dtype)) throw new DTypeError(`fold: expected a floating input, got ${input.dtype}`);
  const unbatched = input.ndim === 2;
  const cols = (unbatched ? input.unsqueeze(0) : input).contiguous();
  const [batch, rows, L] = cols.shape as [number, number, number];
  const taps = params.kernelSize[0] * params.kernelSize[1];
  if (rows % taps !== 0) {
    throw new ShapeError(
      `fold: expected size of input's dimension 1 (${rows}) to be divisible by the product of kernelSize (${taps})`,
    );
  }
  const channels = rows / taps;
  const g = windowOf('fold', channels, outputSize[0], outputSize[1], params);
  if (g.outHeight * g.outWidth !== L) {
    throw new ShapeError(
      `fold: given outputSize [${outputSize.join(', ')}] and these window parameters, expected ${g.outHeight * g.outWidth} blocks in input dimension 2, got ${L}`,
    );
  }
  const out = NDArray.zeros([batch, channels, outputSize[0], outputSize[1]], cols.dtype);
  const run = kernel('col2im', cols.size);
  const plane = channels * outputSize[0] * outputSize[1];
  for (let n = 0; n < batch; n++) run(cols.storage.data, cols.offset + n * rows * L, L, g, out.storage.data, n * plane);
  return unbatched ? out.squeeze(0) : out;
}

/**
 * The adjoint of the window view `x.unfold(dim, size, step)`: the windows of `grad` (shape of the
 * view) added back where they came from in an array of `shape`; overlapping windows sum.
 */
export function unfoldBackward(
  grad: NDArray,
  shape: readonly number[],
  dim: number,
  size: number,
  step: number,
): NDArray {
  const out = NDArray.zeros(shape, grad.dtype);
  if (shape.length === 0) {
    out.copy_(grad.reshape([]));
    return out;
  }
  const rank = shape.length;
  // A window's values sit in the view's last dim; move it back to `dim`.
  const order = [...Array.from({ length: dim }, (_, i) => i), rank - 1];
  for (let i = dim; i < rank - 1; i++) order.push(i);
  const windows = grad.shape[dim]!;
  for (let w = 0; w < windows; w++) out.narrow(dim, w * step, size).add_(grad.select(dim, w).permute(order));
  return out;
}
