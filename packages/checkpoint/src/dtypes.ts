import type { DType } from '@torchlet/tensor';

/**
 * The safetensors dtype names, in the order of the reference implementation's `Dtype` enum
 * (huggingface/safetensors, `safetensors/src/tensor.rs`). The enum is declared in increasing
 * alignment, and the writer sorts tensors by this order, descending, so that every tensor starts
 * at an offset that is a multiple of its item size.
 */
export const REFERENCE_DTYPE_ORDER = [
  'BOOL',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
] as const;

/** The safetensors dtypes torchlet reads. It writes only F32, F64, I32 and BOOL. */
export type SafetensorsDType = 'F32' | 'F64' | 'I32' | 'BOOL' | 'I64' | 'U8' | 'F16' | 'BF16';

interface DTypeInfo {
  /** Bytes per element in the file. */
  readonly itemSize: number;
  /** What the values become in torchlet. */
  readonly torchlet: DType;
}

/**
 * How each readable dtype is stored and what it becomes. F16 and BF16 widen to float32 exactly;
 * I64 narrows to int32 (torchlet's integer dtype) and fails on a value that does not fit; U8
 * widens to int32.
 */
export const READABLE_DTYPES: Readonly<Record<SafetensorsDType, DTypeInfo>> = {
  F64: { itemSize: 8, torchlet: 'float64' },
  F32: { itemSize: 4, torchlet: 'float32' },
  I32: { itemSize: 4, torchlet: 'int32' },
  BOOL: { itemSize: 1, torchlet: 'bool' },
  I64: { itemSize: 8, torchlet: 'int32' },
  U8: { itemSize: 1, torchlet: 'int32' },
  F16: { itemSize: 2, torchlet: 'float32' },
  BF16: { itemSize: 2, torchlet: 'float32' },
};

/** The safetensors name torchlet writes for each of its dtypes. */
export const WRITTEN_DTYPES: Readonly<Record<DType, SafetensorsDType>> = {
  float64: 'F64',
  float32: 'F32',
  int32: 'I32',
  bool: 'BOOL',
};

export function isReadableDType(name: unknown): name is SafetensorsDType {
  return typeof name === 'string' && Object.hasOwn(READABLE_DTYPES, name);
}

export function isReferenceDType(name: unknown): boolean {
  return typeof name === 'string' && (REFERENCE_DTYPE_ORDER as readonly string[]).includes(name);
}

/** Position in the reference enum; higher sorts first when writing. */
export function referenceRank(name: SafetensorsDType): number {
  return REFERENCE_DTYPE_ORDER.indexOf(name);
}
