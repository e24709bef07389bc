import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { kernel } from '../kernels/dispatch.js';
import type { Window2d } from '../kernels/im2col.js';
import type { MatrixOperand } from '../kernels/matmul.js';
import { NDArray } from '../ndarray.js';
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

/** Elements of the im2col matrix built at once: larger batches are convolved a slice at a time. */
const COLUMN_BUDGET = 1 << 23;

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
function geometry(input: NDArray, weight: NDArray, params: Conv2dParams): Window2d & { outChannels: number } {
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
  };
}

/** Row-major matrix `rows` × `cols` at `offset` of `data`, optionally read transposed. */
function matrix(
  data: NDArray['storage']['data'],
  offset: number,
  rowStride: number,
  transposed = false,
): MatrixOperand {
  return transposed ? { data, offset, rowStride: 1, colStride: rowStride } : { data, offset, rowStride, colStride: 1 };
}

/** Sample slices [first, first + count) of at most COLUMN_BUDGET im2col elements each. */
function* sampleChunks(batch: number, columnsPerSample: number, rowsOfCols: number): Generator<[number, number]> {
  const perChunk = Math.max(1, Math.floor(COLUMN_BUDGET / Math.max(1, columnsPerSample * rowsOfCols)));
  for (let first = 0; first < batch; first += perChunk) yield [first, Math.min(perChunk, batch - first)];
}

/** im2col of samples [first, first + count) into one [C·kH·kW, count·L] matrix. */
function columnsOf(x: NDArray, g: Window2d, first: number, count: number): NDArray {
  const L = g.outHeight * g.outWidth;
  const cols = NDArray.zeros([g.channels * g.kernelH * g.kernelW, count * L], x.dtype);
  const sample = g.channels * g.height * g.width;
  const im2col = kernel('im2col', cols.size);
  for (let n = 0; n < count; n++) {
    im2col(x.storage.data, x.offset + (first + n) * sample, g, cols.storage.data, n * L, count * L);
  }
  return cols;
}

/**
 * out[n, o] = bias[o] + Σ weight[o, c, kh, kw] · input[n, g·C/G + c, oh·s − p + kh·d, ...]
 * (torch.nn.functional.conv2d): im2col of a slice of the batch, then per group one GEMM of the
 * weights against every column of the slice, so even a 1-channel first layer multiplies large
 * matrices.
 */
export function conv2d(input: NDArray, weight: NDArray, bias: NDArray | null, params: Conv2dParams): NDArray {
  const g = geometry(input, weight, params);
  const { groups } = params;
  const batch = input.shape[0]!;
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== g.outChannels || bias.dtype !== input.dtype)) {
    throw new ShapeError(
      `conv2d: bias must be a ${input.dtype} tensor of shape [${g.outChannels}], got ${bias.dtype} ${formatShape(bias.shape)}`,
    );
  }
  const x = input.contiguous();
  const w = weight.contiguous();
  const L = g.outHeight * g.outWidth;
  const out = NDArray.zeros([batch, g.outChannels, g.outHeight, g.outWidth], input.dtype);
  const outPerGroup = g.outChannels / groups;
  const K = (g.channels / groups) * g.kernelH * g.kernelW;
  const o = out.storage.data;
  const b = bias?.contiguous() ?? null;
  for (const [first, count] of sampleChunks(batch, L, g.channels * g.kernelH * g.kernelW)) {
    if (count === 0 || L === 0) continue;
    const cols = columnsOf(x, g, first, count);
    const width = count * L;
    // One sample: the product lands in the output directly; several: in [outChannels, count·L].
    const direct = count === 1;
    const product = direct ? o : new (o.constructor as new (n: number) => typeof o)(g.outChannels * width);
    const productOffset = direct ? first * g.outChannels * L : 0;
    const gemm = kernel('gemm', outPerGroup * K * width);
    for (let group = 0; group < groups; group++) {
      gemm(
        outPerGroup,
        K,
        width,
        matrix(w.storage.data, w.offset + group * outPerGroup * K, K),
        matrix(cols.storage.data, group * K * width, width),
        product,
        productOffset + group * outPerGroup * width,
      );
    }
    // [outChannels, count, L] → [count, outChannels, L] (already in place for one sample), plus bias.
    for (let n = 0; n < count; n++) {
      for (let c = 0; c < g.outChannels; c++) {
        const shift = b === null ? 0 : b.storage.data[b.offset + c]!;
        const to = ((first + n) * g.outChannels + c) * L;
        if (direct) {
          if (b !== null) for (let l = 0; l < L; l++) o[to + l]! += shift;
          continue;
        }
        const from = c * width + n * L;
        for (let l = 0; l < L; l++) o[to + l] = product[from + l]! + shift;
      }
    }
  }
  return out;
}

/** The gradients of `conv2d` with respect to what `needs` asks for (weight and bias by GEMMs, input by col2im). */
export function conv2dBackward(
  grad: NDArray,
  input: NDArray,
  weight: NDArray,
  params: Conv2dParams,
  needs: { readonly input: boolean; readonly weight: boolean; readonly bias: boolean },
): Conv2dGradients {
  const g = geometry(input, weight, params);
  const { groups } = params;
  const batch = input.shape[0]!;
  const L = g.outHeight * g.outWidth;
  const expected = [batch, g.outChannels, g.outHeight, g.outWidth];
  if (formatShape(grad.shape) !== formatShape(expected)) {
    throw new ShapeError(
      `conv2d backward: expected a gradient of shape ${formatShape(expected)}, got ${formatShape(grad.shape)}`,
    );
  }
  const x = input.contiguous();
  const w = weight.contiguous();
  const gy = grad.contiguous().to(input.dtype);
  const outPerGroup = g.outChannels / groups;
  const K = (g.channels / groups) * g.kernelH * g.kernelW;
  const gradInput = needs.input ? NDArray.zeros(input.shape, input.dtype) : null;
  const gradWeight = needs.weight ? NDArray.zeros(weight.shape, weight.dtype) : null;
  const gradBias = needs.bias ? NDArray.zeros([g.outChannels], input.dtype) : null;
  const sample = g.channels * g.height * g.width;
  for (const [first, count] of sampleChunks(batch, L, g.channels * g.kernelH * g.kernelW)) {
    if (count === 0 || L === 0) continue;
    const width = count * L;
    // The output gradient of the slice as [outChannels, count·L] (the product's layout).
    const gyMatrix = NDArray.zeros([g.outChannels, width], input.dtype);
    const gm = gyMatrix.storage.data;
    for (let n = 0; n < count; n++) {
      for (let c = 0; c < g.outChannels; c++) {
        const from = gy.offset + ((first + n) * g.outChannels + c) * L;
        gm.set(gy.storage.data.subarray(from, from + L), c * width + n * L);
      }
    }
    if (gradBias !== null) {
      const gb = gradBias.storage.data;
      for (let c = 0; c < g.outChannels; c++) {
        let total = 0;
        for (let j = 0; j < width; j++) total += gm[c * width + j]!;
        gb[c]! += total;
      }
    }
    if (gradWeight !== null) {
      // gW_group = gY_group [outPerGroup × width] · cols_groupᵀ [width × K], summed over slices.
      const cols = columnsOf(x, g, first, count);
      const part =
        first === 0 ? gradWeight.storage.data : new (gm.constructor as new (n: number) => typeof gm)(gradWeight.size);
      const gemm = kernel('gemm', outPerGroup * width * K);
      for (let group = 0; group < groups; group++) {
        gemm(
          outPerGroup,
          width,
          K,
          matrix(gm, group * outPerGroup * width, width),
          matrix(cols.storage.data, group * K * width, width, true),
          part,
          group * outPerGroup * K,
        );
      }
      if (part !== gradWeight.storage.data) {
        const gw = gradWeight.storage.data;
        for (let i = 0; i < gw.length; i++) gw[i]! += part[i]!;
      }
    }
    if (gradInput !== null) {
      // gCols_group = W_groupᵀ [K × outPerGroup] · gY_group [outPerGroup × width], then col2im.
      const gradCols = NDArray.zeros([g.channels * g.kernelH * g.kernelW, width], input.dtype);
      const gemm = kernel('gemm', K * outPerGroup * width);
      for (let group = 0; group < groups; group++) {
        gemm(
          K,
          outPerGroup,
          width,
          matrix(w.storage.data, w.offset + group * outPerGroup * K, K, true),
          matrix(gm, group * outPerGroup * width, width),
          gradCols.storage.data,
          group * K * width,
        );
      }
      const col2im = kernel('col2im', gradCols.size);
      for (let n = 0; n < count; n++) {
        col2im(gradCols.storage.data, n * L, width, g, gradInput.storage.data, (first + n) * sample);
      }
    }
  }
  return { input: gradInput, weight: gradWeight, bias: gradBias };
}
