import { AutogradError } from './errors.js';
import * as ops from './ops/index.js';
import { fromNDArray } from './creation.js';
import { Tensor } from './tensor.js';
import { NDArray } from '@torchlet/tensor';

type Operand = Tensor | number;

function needTensor(op: string, a: Operand, b: Operand): void {
  if (!(a instanceof Tensor) && !(b instanceof Tensor))
    throw new AutogradError(`${op}: expected at least one tensor operand, got two numbers`);
}

/** a + b; either side may be a number. */
export function add(a: Operand, b: Operand): Tensor {
  needTensor('add', a, b);
  return a instanceof Tensor ? ops.add(a, b) : ops.add(b as Tensor, a);
}

/** a - b; `sub(4.2, b)` is PyTorch's `4.2 - b` (RsubBackward1). */
export function sub(a: Operand, b: Operand): Tensor {
  needTensor('sub', a, b);
  return a instanceof Tensor ? ops.sub(a, b) : ops.rsub(b as Tensor, a);
}

/** a * b; either side may be a number. */
export function mul(a: Operand, b: Operand): Tensor {
  needTensor('mul', a, b);
  return a instanceof Tensor ? ops.mul(a, b) : ops.mul(b as Tensor, a);
}

/** a / b; `div(2, x)` is 2 · reciprocal(x), as PyTorch computes it. */
export function div(a: Operand, b: Operand): Tensor {
  needTensor('div', a, b);
  return a instanceof Tensor ? ops.div(a, b) : ops.mul(ops.reciprocal(b as Tensor), a);
}

/** a ** b; the base may be a number (`pow(2, x)`). */
export function pow(a: Operand, b: Operand): Tensor {
  needTensor('pow', a, b);
  if (a instanceof Tensor) return ops.pow(a, b);
  const exponent = b as Tensor;
  return ops.pow(fromNDArray(NDArray.scalar(a, exponent.dtype)), exponent);
}

export const rsub = (a: Tensor, scalar: number): Tensor => ops.rsub(a, scalar);
export const maximum = (a: Tensor, b: Tensor): Tensor => ops.maximum(a, b);
export const minimum = (a: Tensor, b: Tensor): Tensor => ops.minimum(a, b);
export const neg = (a: Tensor): Tensor => ops.neg(a);
export const reciprocal = (a: Tensor): Tensor => ops.reciprocal(a);
export const exp = (a: Tensor): Tensor => ops.exp(a);
export const log = (a: Tensor): Tensor => ops.log(a);
export const log1p = (a: Tensor): Tensor => ops.log1p(a);
export const sqrt = (a: Tensor): Tensor => ops.sqrt(a);
export const abs = (a: Tensor): Tensor => ops.abs(a);
export const sign = (a: Tensor): Tensor => ops.sign(a);
export const relu = (a: Tensor): Tensor => ops.relu(a);
export const sigmoid = (a: Tensor): Tensor => ops.sigmoid(a);
export const tanh = (a: Tensor): Tensor => ops.tanh(a);
export const sin = (a: Tensor): Tensor => ops.sin(a);
export const cos = (a: Tensor): Tensor => ops.cos(a);
export const clamp = (a: Tensor, min?: number | null, max?: number | null): Tensor => ops.clamp(a, min, max);
export const softmax = (a: Tensor, dim: number): Tensor => ops.softmax(a, dim);
export const logSoftmax = (a: Tensor, dim: number): Tensor => ops.logSoftmax(a, dim);
export const where = (condition: Tensor, a: Tensor, b: Tensor): Tensor => ops.where(condition, a, b);
export const matmul = (a: Tensor, b: Tensor): Tensor => ops.matmul(a, b);
/** y = input · weightᵀ + bias, as one recorded op (PyTorch's `F.linear`). */
export const linear = (input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor =>
  ops.linear(input, weight, bias ?? null);
export const sum = (a: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => ops.sum(a, dim, keepdim);
export const mean = (a: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor =>
  ops.mean(a, dim, keepdim);
export const reshape = (a: Tensor, shape: readonly number[]): Tensor => ops.reshape(a, shape);
export const transpose = (a: Tensor, dim0: number, dim1: number): Tensor => ops.transpose(a, dim0, dim1);
export const permute = (a: Tensor, dims: readonly number[]): Tensor => ops.permute(a, dims);
export const squeeze = (a: Tensor, dim?: number): Tensor => ops.squeeze(a, dim);
export const unsqueeze = (a: Tensor, dim: number): Tensor => ops.unsqueeze(a, dim);
export const flatten = (a: Tensor, startDim?: number, endDim?: number): Tensor => ops.flatten(a, startDim, endDim);
export const indexSelect = (a: Tensor, dim: number, index: Tensor | ArrayLike<number>): Tensor =>
  ops.indexSelect(a, dim, index);
export const cat = (tensors: readonly Tensor[], dim?: number): Tensor => ops.cat(tensors, dim);
export const stack = (tensors: readonly Tensor[], dim?: number): Tensor => ops.stack(tensors, dim);

// Kernel-backed primitives with their parameters spelled out (ATen's `native_*` level):
// @torchlet/nn builds conv2d, maxPool2d, batchNorm, ... with PyTorch's argument forms on them.
export const nativeConv2d = ops.conv2d;
export const nativeMaxPool2d = ops.maxPool2d;
export const nativeAvgPool2d = ops.avgPool2d;
export const nativeAdaptiveAvgPool2d = ops.adaptiveAvgPool2d;
export const nativeBatchNorm = ops.batchNorm;
export const nativeLayerNorm = ops.layerNorm;
export const nativeGroupNorm = ops.groupNorm;
/** PyTorch's `F.unfold`: [N, C, H, W] → [N, C·kH·kW, L] (differentiable; its gradient is `col2im`). */
export const im2col = ops.im2col;
/** PyTorch's `F.fold`: [N, C·kH·kW, L] → [N, C, outputSize] (differentiable; its gradient is `im2col`). */
export const col2im = ops.col2im;
/** PyTorch's `F.pad`: amounts from the last dim backwards; constant, reflect, replicate or circular. */
export const pad = ops.pad;
export const gather = (a: Tensor, dim: number, index: Tensor): Tensor => ops.gather(a, dim, index);
export const scatter = (a: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor =>
  ops.scatter('scatter', a, dim, index, src);
export const scatterAdd = (a: Tensor, dim: number, index: Tensor, src: Tensor): Tensor =>
  ops.scatter('scatterAdd', a, dim, index, src);
export const flip = (a: Tensor, dims: readonly number[]): Tensor => ops.flip(a, dims);
export const split = (a: Tensor, sections: number | readonly number[], dim?: number): Tensor[] =>
  ops.split(a, sections, dim);
export const chunk = (a: Tensor, chunks: number, dim?: number): Tensor[] => ops.chunk(a, chunks, dim);
/** Variance (PyTorch's `torch.var`), dividing by N − correction (default 1). */
export const variance = (
  a: Tensor,
  dim?: number | readonly number[],
  options: { correction?: number; keepdim?: boolean } = {},
): Tensor => ops.variance(a, dim, options.correction ?? 1, options.keepdim ?? false);
export const std = (
  a: Tensor,
  dim?: number | readonly number[],
  options: { correction?: number; keepdim?: boolean } = {},
): Tensor => ops.std(a, dim, options.correction ?? 1, options.keepdim ?? false);
/** One direction of an RNN/LSTM/GRU layer after its input projection (what @torchlet/nn's layers run). */
export const nativeRecurrentLayer = ops.recurrentLayer;
/** Rows of `weight` looked up by int32 indices (any shape); the `paddingIdx` row takes no gradient. */
export const nativeEmbedding = ops.embedding;
