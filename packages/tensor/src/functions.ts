import type { NDArray, Operand } from './ndarray.js';

// Function forms of the NDArray methods, for code that reads better as `add(a, b)`.
export const add = (a: NDArray, b: Operand): NDArray => a.add(b);
export const sub = (a: NDArray, b: Operand): NDArray => a.sub(b);
export const mul = (a: NDArray, b: Operand): NDArray => a.mul(b);
export const div = (a: NDArray, b: Operand): NDArray => a.div(b);
export const pow = (a: NDArray, exponent: Operand): NDArray => a.pow(exponent);
export const maximum = (a: NDArray, b: Operand): NDArray => a.maximum(b);
export const minimum = (a: NDArray, b: Operand): NDArray => a.minimum(b);
export const eq = (a: NDArray, b: Operand): NDArray => a.eq(b);
export const ne = (a: NDArray, b: Operand): NDArray => a.ne(b);
export const lt = (a: NDArray, b: Operand): NDArray => a.lt(b);
export const le = (a: NDArray, b: Operand): NDArray => a.le(b);
export const gt = (a: NDArray, b: Operand): NDArray => a.gt(b);
export const ge = (a: NDArray, b: Operand): NDArray => a.ge(b);
export const neg = (a: NDArray): NDArray => a.neg();
export const exp = (a: NDArray): NDArray => a.exp();
export const log = (a: NDArray): NDArray => a.log();
export const sqrt = (a: NDArray): NDArray => a.sqrt();
export const abs = (a: NDArray): NDArray => a.abs();
export const sign = (a: NDArray): NDArray => a.sign();
export const relu = (a: NDArray): NDArray => a.relu();
export const sigmoid = (a: NDArray): NDArray => a.sigmoid();
export const tanh = (a: NDArray): NDArray => a.tanh();
export const sin = (a: NDArray): NDArray => a.sin();
export const cos = (a: NDArray): NDArray => a.cos();
export const clamp = (a: NDArray, min?: number | null, max?: number | null): NDArray => a.clamp(min, max);
export const matmul = (a: NDArray, b: NDArray): NDArray => a.matmul(b);
export const reshape = (a: NDArray, shape: readonly number[]): NDArray => a.reshape(shape);
export const transpose = (a: NDArray, dim0: number, dim1: number): NDArray => a.transpose(dim0, dim1);
export const permute = (a: NDArray, dims: readonly number[]): NDArray => a.permute(dims);
export const squeeze = (a: NDArray, dim?: number): NDArray => a.squeeze(dim);
export const unsqueeze = (a: NDArray, dim: number): NDArray => a.unsqueeze(dim);
export const flatten = (a: NDArray, startDim?: number, endDim?: number): NDArray => a.flatten(startDim, endDim);
export const indexSelect = (a: NDArray, dim: number, index: NDArray | ArrayLike<number>): NDArray =>
  a.indexSelect(dim, index);
export const sum = (a: NDArray, dim?: number | readonly number[], keepdim?: boolean): NDArray => a.sum(dim, keepdim);
export const mean = (a: NDArray, dim?: number | readonly number[], keepdim?: boolean): NDArray => a.mean(dim, keepdim);
