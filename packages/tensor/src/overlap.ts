import { ValueError } from './errors.js';
import type { NDArray } from './ndarray.js';

/**
 * PyTorch's memory-overlap checks for in-place writes (ATen's MemoryOverlap.cpp), with its
 * messages. An in-place kernel reads and writes as it goes, so an input that shares some — but
 * not exactly the same — memory cells with the output would be read after it was overwritten.
 * Like PyTorch, only what is cheap to prove is refused: arrays on different storage never
 * overlap (the common case costs one comparison), and strided layouts too hard to analyse are
 * let through (the kernels here then read a copy of the input; see `needsCopy`).
 */
export type Overlap = 'no' | 'full' | 'partial' | 'too hard';

/** Every element has its own memory cell and together they fill one unbroken range. */
function isNonOverlappingAndDense(a: NDArray): boolean {
  if (a.isContiguous) return true;
  const dims: number[] = [];
  for (let i = 0; i < a.ndim; i++) if (a.shape[i] !== 1) dims.push(i);
  dims.sort((x, y) => a.strides[x]! - a.strides[y]!);
  let expected = 1;
  for (const d of dims) {
    if (a.strides[d] !== expected) return false;
    expected *= a.shape[d]!;
  }
  return true;
}

/** Whether two elements of `a` share a memory cell (an `expand`ed array does). */
export function internalOverlap(a: NDArray): 'no' | 'yes' | 'too hard' {
  if (isNonOverlappingAndDense(a)) return 'no';
  for (let i = 0; i < a.ndim; i++) if (a.strides[i] === 0 && a.shape[i]! > 1) return 'yes';
  return 'too hard';
}

/** How the memory of `a` and `b` relate: disjoint, the very same elements, or partly shared. */
export function overlap(a: NDArray, b: NDArray): Overlap {
  if (a.storage !== b.storage || a.size === 0 || b.size === 0) return 'no';
  if (a === b) return 'full';
  if (!isNonOverlappingAndDense(a) || !isNonOverlappingAndDense(b)) return 'too hard';
  const aEnd = a.offset + a.size;
  const bEnd = b.offset + b.size;
  if (a.offset === b.offset && aEnd === bEnd) {
    // The same range: the same elements only when laid out alike (PyTorch compares the strides).
    if (a.ndim !== b.ndim) return 'partial';
    for (let i = 0; i < a.ndim; i++) if (a.strides[i] !== b.strides[i]) return 'partial';
    return 'full';
  }
  return a.offset < bEnd && b.offset < aEnd ? 'partial' : 'no';
}

/** Refuses an in-place write into `out` whose elements share memory cells. */
export function checkNoInternalOverlap(op: string, out: NDArray): void {
  if (internalOverlap(out) === 'yes') {
    throw new ValueError(
      `${op}: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.`,
    );
  }
}

/**
 * Refuses an in-place write into `out` that reads `input` when the two share some but not all
 * memory; returns true when `input` shares storage in a way too hard to analyse, so the caller
 * should read a copy of it.
 */
export function checkNoPartialOverlap(op: string, out: NDArray, input: NDArray): boolean {
  if (out.storage !== input.storage) return false;
  const status = overlap(out, input);
  if (status === 'partial') {
    throw new ValueError(
      `${op}: unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.`,
    );
  }
  return status === 'too hard';
}
