import { DTypeError, ShapeError } from '../errors.js';
import { kernel } from '../kernels/dispatch.js';
import type { MatrixOperand } from '../kernels/matmul.js';
import { NDArray } from '../ndarray.js';
import { broadcastShapes, formatShape } from '../shape.js';

/**
 * torch.matmul: 1-D·1-D is a dot product, 2-D·2-D a matrix product, a 1-D operand is treated as
 * a row (left) or column (right) vector and its dim removed afterwards, and leading dims of
 * higher-rank operands are batch dims that broadcast.
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      `matmul: both arguments need at least 1 dimension, but got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new DTypeError(`matmul: expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}`);
  }
  if (a.dtype === 'bool') throw new DTypeError('matmul: not implemented for bool tensors');
  const left = a.ndim === 1 ? a.unsqueeze(0) : a;
  const right = b.ndim === 1 ? b.unsqueeze(1) : b;
  const m = left.shape[left.ndim - 2]!;
  const k = left.shape[left.ndim - 1]!;
  const k2 = right.shape[right.ndim - 2]!;
  const n = right.shape[right.ndim - 1]!;
  if (k !== k2) {
    throw new ShapeError(
      `matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${k} != ${k2})`,
    );
  }
  const batch = broadcastShapes('matmul', left.shape.slice(0, -2), right.shape.slice(0, -2));
  const out = NDArray.zeros([...batch, m, n], a.dtype);
  multiplyBatches(left, right, batch, m, k, n, out);
  const shape = [...batch];
  if (a.ndim > 1) shape.push(m);
  if (b.ndim > 1) shape.push(n);
  return shape.length === out.ndim ? out : out.reshape(shape);
}

function multiplyBatches(
  a: NDArray,
  b: NDArray,
  batch: readonly number[],
  m: number,
  k: number,
  n: number,
  out: NDArray,
): void {
  const gemm = kernel('gemm', m * k * n);
  const aOp = operand(a);
  const bOp = operand(b);
  const aBase = aOp.offset;
  const bBase = bOp.offset;
  const count = out.size / (m * n || 1);
  const index = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < count; t++) {
    aOp.offset = aBase + batchOffset(a, batch, index);
    bOp.offset = bBase + batchOffset(b, batch, index);
    gemm(m, k, n, aOp, bOp, out.storage.data, t * m * n);
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++index[d]! < batch[d]!) break;
      index[d] = 0;
    }
  }
}

function operand(x: NDArray): MatrixOperand {
  return {
    data: x.storage.data,
    offset: x.offset,
    rowStride: x.strides[x.ndim - 2]!,
    colStride: x.strides[x.ndim - 1]!,
  };
}

/** Offset of batch `index` in `x`, whose batch dims broadcast against `batch`. */
function batchOffset(x: NDArray, batch: readonly number[], index: readonly number[]): number {
  const lead = batch.length - (x.ndim - 2);
  let offset = 0;
  for (let d = Math.max(lead, 0); d < batch.length; d++) {
    const xd = d - lead;
    if (x.shape[xd] !== 1) offset += index[d]! * x.strides[xd]!;
  }
  return offset;
}
