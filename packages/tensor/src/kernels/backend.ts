import type { TypedArray } from '../dtype.js';
import { gemm, type MatrixOperand } from './matmul.js';

/**
 * The kernels that a faster implementation (WebAssembly SIMD, a worker pool) may replace. Ops
 * above this interface never change; a backend may serve only the sizes it is good at and call
 * the JavaScript kernels for the rest.
 */
export interface Backend {
  readonly name: string;
  /** C[m,n] (contiguous at cOffset) = A[m,k] · B[k,n]; operands may have any strides. */
  gemm(m: number, k: number, n: number, a: MatrixOperand, b: MatrixOperand, c: TypedArray, cOffset: number): void;
}

export const jsBackend: Backend = { name: 'js', gemm };

let active: Backend = jsBackend;

export function getBackend(): Backend {
  return active;
}

/** Installs `backend` for every later op; returns the one it replaced. */
export function setBackend(backend: Backend): Backend {
  const previous = active;
  active = backend;
  return previous;
}

export type { MatrixOperand };
