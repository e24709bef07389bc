import { checkDType, DEFAULT_DTYPE, type DType } from './dtype.js';
import { DTypeError, ValueError } from './errors.js';
import { defaultGenerator, type Generator } from './generator.js';
import { NDArray } from './ndarray.js';
import { fillNormal, fillRandint, fillUniform } from './ops/random-fill.js';
import { toShape, type ShapeLike } from './creation.js';

export interface RandomOptions {
  dtype?: DType;
  generator?: Generator;
}

function floatArray(op: string, shape: ShapeLike, options: RandomOptions | undefined): NDArray {
  const dtype = options?.dtype === undefined ? DEFAULT_DTYPE : checkDType(op, options.dtype);
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new DTypeError(`${op}: expected a floating dtype, got ${dtype}`);
  return NDArray.zeros(toShape(op, shape), dtype, op);
}

/** Uniform samples from [0, 1). */
export function rand(shape: ShapeLike, options?: RandomOptions): NDArray {
  const out = floatArray('rand', shape, options);
  fillUniform(out, 0, 1, options?.generator);
  return out;
}

/** Standard normal samples. */
export function randn(shape: ShapeLike, options?: RandomOptions): NDArray {
  const out = floatArray('randn', shape, options);
  fillNormal(out, 0, 1, options?.generator);
  return out;
}

/** Samples from N(mean, std²) (PyTorch's `torch.normal(mean, std, size)`). */
export function normal(mean: number, std: number, shape: ShapeLike, options?: RandomOptions): NDArray {
  const out = floatArray('normal', shape, options);
  fillNormal(out, mean, std, options?.generator);
  return out;
}

/** Uniform samples from [low, high). */
export function uniform(low: number, high: number, shape: ShapeLike, options?: RandomOptions): NDArray {
  const out = floatArray('uniform', shape, options);
  fillUniform(out, low, high, options?.generator);
  return out;
}

/** Integers uniformly drawn from [low, high); int32 unless another dtype is asked for. */
export function randint(low: number, high: number, shape: ShapeLike, options?: RandomOptions): NDArray {
  const dtype = options?.dtype === undefined ? 'int32' : checkDType('randint', options.dtype);
  const out = NDArray.zeros(toShape('randint', shape), dtype, 'randint');
  fillRandint(out, low, high, options?.generator);
  return out;
}

/** A random permutation of 0..n-1 (Fisher–Yates), int32. */
export function randperm(n: number, options?: RandomOptions): NDArray {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`randperm: n must be a non-negative integer, got ${n}`);
  const dtype = options?.dtype === undefined ? 'int32' : checkDType('randperm', options.dtype);
  const generator = options?.generator ?? defaultGenerator;
  const out = NDArray.zeros([n], dtype, 'randperm');
  const data = out.storage.data;
  for (let i = 0; i < n; i++) data[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = generator.nextInt(0, i + 1);
    const t = data[i]!;
    data[i] = data[j]!;
    data[j] = t;
  }
  return out;
}

export function randLike(a: NDArray, options?: RandomOptions): NDArray {
  return rand(a.shape, { dtype: a.dtype, ...options });
}

export function randnLike(a: NDArray, options?: RandomOptions): NDArray {
  return randn(a.shape, { dtype: a.dtype, ...options });
}
