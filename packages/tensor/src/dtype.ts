import { DTypeError, ValueError } from './errors.js';
import { slab, SLAB_MAX_BYTES, slabOffset } from './slab.js';

/** Element types. `float32` is the default, as in PyTorch. `int32` stands in for PyTorch's int64. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DEFAULT_DTYPE: DType = 'float32';

const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

/**
 * A zero-filled typed array of `dtype`; small ones are views into a shared slab (see slab.ts).
 * `op` and `shape` only name the caller in the error for an array too large.
 */
export function allocate(dtype: DType, length: number, op?: string, shape?: readonly number[]): TypedArray {
  const Type = ARRAY_TYPES[dtype];
  const bytes = length * Type.BYTES_PER_ELEMENT;
  if (bytes <= 64) return new Type(length); // on V8's heap already
  if (bytes > SLAB_MAX_BYTES) return allocateLarge(dtype, length, op, shape);
  const byteOffset = slabOffset(bytes);
  return new Type(slab, byteOffset, length);
}

/** V8's typed arrays hold at most 2^32 elements. */
export const MAX_ELEMENTS = 2 ** 32;

/**
 * A large array, or a ValueError naming the op, the shape and the element count (checked here,
 * on the large arrays' own path, so that small ones pay nothing for it).
 */
function allocateLarge(dtype: DType, length: number, op = 'allocate', shape?: readonly number[]): TypedArray {
  // The message is built only on failure: this path runs for every array over a kilobyte.
  const what = () => `${op}: cannot allocate ${length} ${dtype} elements (shape [${(shape ?? [length]).join(', ')}]`;
  if (length > MAX_ELEMENTS) {
    throw new ValueError(`${what()}); a JavaScript typed array holds at most ${MAX_ELEMENTS} elements`);
  }
  try {
    return new ARRAY_TYPES[dtype](length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const bytes = length * ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
    throw new ValueError(`${what()}, ${bytes} bytes): out of memory (${error.message})`);
  }
}

export function itemSize(dtype: DType): number {
  return ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function dtypeOfTypedArray(array: TypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'bool';
}

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.hasOwn(ARRAY_TYPES, value);
}

export function checkDType(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(
      `${op}: unknown dtype ${JSON.stringify(dtype)}; expected one of float32, float64, int32, bool`,
    );
  }
  return dtype;
}

// Promotion follows PyTorch's lattice restricted to our dtypes: bool < int32 < float32 < float64.
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };
const BY_RANK: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

/** The dtype of `a op b` for two tensors (PyTorch's `torch.promote_types`). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype of `tensor op scalar`. As in PyTorch, a scalar never widens a tensor of the same
 * category (float32 tensor + JS number stays float32), but a fractional number makes an integer
 * or bool tensor float32 and an integral one makes a bool tensor int32.
 */
export function promoteWithScalar(dtype: DType, scalar: number): DType {
  if (isFloating(dtype)) return dtype;
  if (!Number.isInteger(scalar)) return DEFAULT_DTYPE;
  return dtype === 'bool' ? 'int32' : dtype;
}

/** The floating dtype an op such as `div`, `exp` or `mean` computes in for an input dtype. */
export function floatingOf(dtype: DType): DType {
  return isFloating(dtype) ? dtype : DEFAULT_DTYPE;
}

export function dtypeRank(dtype: DType): number {
  return RANK[dtype];
}

export function dtypeFromRank(rank: number): DType {
  return BY_RANK[rank] ?? 'float64';
}
