import * as nd from '@torchlet/tensor';
import type { DType, Generator, NDArray, ShapeLike, TensorLike } from '@torchlet/tensor';
import { Tensor } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomTensorOptions extends TensorOptions {
  generator?: Generator;
}

function arrayOptions(options: TensorOptions | undefined): nd.CreationOptions {
  return options?.dtype === undefined ? {} : { dtype: options.dtype };
}

function randomOptions(options: RandomTensorOptions | undefined): nd.RandomOptions {
  const out: nd.RandomOptions = arrayOptions(options);
  if (options?.generator !== undefined) out.generator = options.generator;
  return out;
}

function wrap(array: NDArray, options: TensorOptions | undefined): Tensor {
  return new Tensor(array, options?.requiresGrad ?? false);
}

/** A tensor from nested arrays, a typed array, a scalar or an NDArray (numbers → float32). */
export function tensor(data: TensorLike | NDArray, options?: TensorOptions): Tensor {
  if (data instanceof nd.NDArray) {
    const array = options?.dtype === undefined ? data.clone() : data.to(options.dtype).clone();
    return wrap(array, options);
  }
  return wrap(nd.tensor(data, arrayOptions(options)), options);
}

/** Wraps an NDArray without copying. */
export function fromNDArray(array: NDArray, options?: { requiresGrad?: boolean }): Tensor {
  return new Tensor(array, options?.requiresGrad ?? false);
}

export const zeros = (shape: ShapeLike, options?: TensorOptions): Tensor =>
  wrap(nd.zeros(shape, arrayOptions(options)), options);
export const ones = (shape: ShapeLike, options?: TensorOptions): Tensor =>
  wrap(nd.ones(shape, arrayOptions(options)), options);
export const full = (shape: ShapeLike, value: number, options?: TensorOptions): Tensor =>
  wrap(nd.full(shape, value, arrayOptions(options)), options);
export const empty = (shape: ShapeLike, options?: TensorOptions): Tensor =>
  wrap(nd.empty(shape, arrayOptions(options)), options);
export const arange = (start: number, end?: number, step?: number, options?: TensorOptions): Tensor =>
  wrap(nd.arange(start, end, step, arrayOptions(options)), options);
export const linspace = (start: number, end: number, steps: number, options?: TensorOptions): Tensor =>
  wrap(nd.linspace(start, end, steps, arrayOptions(options)), options);
export const eye = (n: number, m?: number, options?: TensorOptions): Tensor =>
  wrap(nd.eye(n, m, arrayOptions(options)), options);

const like = (a: Tensor, options: TensorOptions | undefined): TensorOptions => ({ dtype: a.dtype, ...options });
export const zerosLike = (a: Tensor, options?: TensorOptions): Tensor => zeros(a.shape, like(a, options));
export const onesLike = (a: Tensor, options?: TensorOptions): Tensor => ones(a.shape, like(a, options));
export const fullLike = (a: Tensor, value: number, options?: TensorOptions): Tensor =>
  full(a.shape, value, like(a, options));
export const emptyLike = (a: Tensor, options?: TensorOptions): Tensor => empty(a.shape, like(a, options));

export const rand = (shape: ShapeLike, options?: RandomTensorOptions): Tensor =>
  wrap(nd.rand(shape, randomOptions(options)), options);
export const randn = (shape: ShapeLike, options?: RandomTensorOptions): Tensor =>
  wrap(nd.randn(shape, randomOptions(options)), options);
/** Samples from N(mean, std²): `normal(0, 0.01, [2, 1], { requiresGrad: true })`. */
export const normal = (mean: number, std: number, shape: ShapeLike, options?: RandomTensorOptions): Tensor =>
  wrap(nd.normal(mean, std, shape, randomOptions(options)), options);
export const uniform = (low: number, high: number, shape: ShapeLike, options?: RandomTensorOptions): Tensor =>
  wrap(nd.uniform(low, high, shape, randomOptions(options)), options);
export const randint = (low: number, high: number, shape: ShapeLike, options?: RandomTensorOptions): Tensor =>
  wrap(nd.randint(low, high, shape, randomOptions(options)), options);
export const randperm = (n: number, options?: RandomTensorOptions): Tensor =>
  wrap(nd.randperm(n, randomOptions(options)), options);
export const randLike = (a: Tensor, options?: RandomTensorOptions): Tensor =>
  rand(a.shape, { dtype: a.dtype, ...options });
export const randnLike = (a: Tensor, options?: RandomTensorOptions): Tensor =>
  randn(a.shape, { dtype: a.dtype, ...options });
