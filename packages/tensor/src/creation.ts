import { checkDType, DEFAULT_DTYPE, dtypeOfTypedArray, isFloating, type DType, type TypedArray } from './dtype.js';
import { ShapeError, ValueError } from './errors.js';
import { NDArray, type NestedArray } from './ndarray.js';
import { cast, castScalar } from './ops/cast.js';
import { checkInt32 } from './ops/int32.js';
import { checkShape, contiguousStrides, formatShape } from './shape.js';
import { Storage } from './storage.js';

export type ShapeLike = number | readonly number[];

export interface CreationOptions {
  dtype?: DType;
}

/** Nested arrays of numbers or booleans, as accepted by `tensor()`. */
export type TensorLike = number | boolean | TypedArray | readonly TensorLike[];

export function toShape(op: string, shape: ShapeLike): number[] {
  const dims = typeof shape === 'number' ? [shape] : shape.slice();
  checkShape(op, dims);
  return dims;
}

function resolveDType(op: string, options: CreationOptions | undefined, fallback: DType): DType {
  return options?.dtype === undefined ? fallback : checkDType(op, options.dtype);
}

/**
 * An array from nested JS arrays, a typed array or a scalar (always a copy). dtype inference:
 * booleans → bool, a typed array → its own dtype, numbers → float32. JavaScript cannot tell `2`
 * from `2.0`, so unlike PyTorch numbers never infer an integer dtype; pass `{ dtype: 'int32' }`.
 */
export function tensor(data: TensorLike, options?: CreationOptions): NDArray {
  if (ArrayBuffer.isView(data)) {
    const typed = data as TypedArray;
    const dtype = resolveDType('tensor', options, dtypeOfTypedArray(typed));
    const source = new NDArray(new Storage(typed), [typed.length], [1], 0);
    return dtype === source.dtype ? source.clone() : cast(source, dtype, 'tensor');
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const inferred = typeof probe === 'boolean' ? 'bool' : DEFAULT_DTYPE;
  const dtype = resolveDType('tensor', options, inferred);
  const out = NDArray.zeros(shape, dtype);
  const values = out.storage.data;
  const exact = isFloating(dtype);
  let next = 0;
  const visit = (value: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof value === 'number') values[next++] = exact ? value : castScalar('tensor', value, dtype);
      else if (typeof value === 'boolean') values[next++] = value ? 1 : 0;
      else
        throw new ValueError(`tensor: expected a number or boolean at ${path || 'top level'}, got ${describe(value)}`);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[depth]) {
      throw new ShapeError(
        `tensor: ragged nested array: expected a sequence of length ${shape[depth]} at ${path || 'top level'} (shape ${formatShape(shape)}), got ${describe(value)}`,
      );
    }
    for (let i = 0; i < value.length; i++) visit(value[i], depth + 1, `${path}[${i}]`);
  };
  visit(data, 0, '');
  return out;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return value === null ? 'null' : typeof value;
}

export function zeros(shape: ShapeLike, options?: CreationOptions): NDArray {
  return NDArray.zeros(toShape('zeros', shape), resolveDType('zeros', options, DEFAULT_DTYPE), 'zeros');
}

export function ones(shape: ShapeLike, options?: CreationOptions): NDArray {
  return full(shape, 1, options);
}

export function full(shape: ShapeLike, value: number, options?: CreationOptions): NDArray {
  const dtype = resolveDType('full', options, DEFAULT_DTYPE);
  const out = NDArray.zeros(toShape('full', shape), dtype, 'full');
  if (value !== 0) out.storage.data.fill(castScalar('full', value, dtype));
  return out;
}

/** Uninitialised in PyTorch; zero-filled here (typed arrays always are). */
export function empty(shape: ShapeLike, options?: CreationOptions): NDArray {
  return zeros(shape, options);
}

export function zerosLike(a: NDArray, options?: CreationOptions): NDArray {
  return zeros(a.shape, { dtype: options?.dtype ?? a.dtype });
}

export function onesLike(a: NDArray, options?: CreationOptions): NDArray {
  return full(a.shape, 1, { dtype: options?.dtype ?? a.dtype });
}

export function fullLike(a: NDArray, value: number, options?: CreationOptions): NDArray {
  return full(a.shape, value, { dtype: options?.dtype ?? a.dtype });
}

export function emptyLike(a: NDArray, options?: CreationOptions): NDArray {
  return zerosLike(a, options);
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(n)` counts 0..n-1.
 * As PyTorch, all-integer arguments give integers (int32 here), otherwise float32.
 */
export function arange(start: number, end?: number, step = 1, options?: CreationOptions): NDArray {
  const [from, to] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError(`arange: step must be finite and nonzero, got ${step}`);
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new ValueError(`arange: unsupported range ${from} -> ${to}`);
  if ((to - from) * step < 0) {
    throw new ValueError(
      `arange: upper bound and larger bound inconsistent with step sign (start ${from}, end ${to}, step ${step})`,
    );
  }
  const integral = Number.isInteger(from) && Number.isInteger(to) && Number.isInteger(step);
  const dtype = resolveDType('arange', options, integral ? 'int32' : DEFAULT_DTYPE);
  const length = Math.ceil((to - from) / step);
  const out = NDArray.zeros([length], dtype, 'arange');
  if (dtype === 'int32' && length > 0) {
    checkInt32('arange', from);
    checkInt32('arange', from + (length - 1) * step);
  }
  const data = out.storage.data;
  for (let i = 0; i < length; i++) data[i] = from + i * step;
  return out;
}

/** `steps` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, steps: number, options?: CreationOptions): NDArray {
  if (!Number.isInteger(steps) || steps < 0)
    throw new ValueError(`linspace: number of steps must be a non-negative integer, got ${steps}`);
  const out = NDArray.zeros([steps], resolveDType('linspace', options, DEFAULT_DTYPE), 'linspace');
  const data = out.storage.data;
  if (steps === 1) {
    data[0] = start; // PyTorch: a single step is `start`, not `end`
    return out;
  }
  const step = (end - start) / (steps - 1);
  // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return out;
}

/** The identity matrix (n x m, m defaulting to n). */
export function eye(n: number, m: number = n, options?: CreationOptions): NDArray {
  const out = NDArray.zeros(toShape('eye', [n, m]), resolveDType('eye', options, DEFAULT_DTYPE), 'eye');
  const data = out.storage.data;
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return out;
}

/** Wraps a typed array without copying (it becomes the storage). */
export function fromTypedArray(data: TypedArray, shape?: readonly number[]): NDArray {
  const dims = shape ?? [data.length];
  return new NDArray(new Storage(data), checkedShape(dims, data.length), contiguousStrides(dims), 0);
}

function checkedShape(shape: readonly number[], length: number): readonly number[] {
  checkShape('fromTypedArray', shape);
  let n = 1;
  for (const d of shape) n *= d;
  if (n !== length)
    throw new ShapeError(`fromTypedArray: shape ${formatShape(shape)} needs ${n} elements, got ${length}`);
  return shape;
}

export type { NestedArray };
