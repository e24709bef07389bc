import type { TypedArray } from '../dtype.js';
import type { MatrixOperand } from './matmul.js';

/**
 * The kernels that a faster implementation (WebAssembly SIMD, a worker pool) may replace. Ops
 * above this interface never change; a backend may serve only the sizes it is good at and call
 * the JavaScript kernels (`jsBackend`) for the rest, and may leave out the optional kernels
 * (JavaScript then runs them). Which one runs a call is decided in one place: kernels/dispatch.ts.
 *
 * The element-wise and sum kernels are called only for contiguous float32 operands, and only for
 * the four arithmetic ops (`op`: 0 add, 1 sub, 2 mul, 3 div), whose results are exact in float32,
 * so any correct implementation stores the same bits as the JavaScript loops.
 */
export interface Backend {
  readonly name: string;
  /** C[m,n] (contiguous at cOffset) = A[m,k] · B[k,n]; operands may have any strides. */
  gemm(m: number, k: number, n: number, a: MatrixOperand, b: MatrixOperand, c: TypedArray, cOffset: number): void;
  /**
   * out[outOffset+i] = a[aOffset+i] ∘ b[bOffset+i] for i < n. `out` may be `a` or `b` at the same
   * offset (in-place ops).
   */
  binary(
    op: number,
    out: Float32Array,
    outOffset: number,
    a: Float32Array,
    aOffset: number,
    b: Float32Array,
    bOffset: number,
    n: number,
  ): void;
  /** out[outOffset+i] = a[aOffset+i] ∘ scalar, or scalar ∘ a[aOffset+i] when `scalarOnLeft`. */
  binaryScalar(
    op: number,
    out: Float32Array,
    outOffset: number,
    a: Float32Array,
    aOffset: number,
    scalar: number,
    n: number,
    scalarOnLeft: boolean,
  ): void;
  /**
   * out[o·inner + i] = Σ_r x[offset + (o·reduced + r)·inner + i] for o < outer, i < inner, r <
   * reduced, accumulated in float64 (a whole-array sum is outer = inner = 1).
   */
  sum(x: Float32Array, offset: number, outer: number, reduced: number, inner: number, out: Float64Array): void;
  /**
   * out[outOffset+i] = exp(a[aOffset+i]) for float32 (`out` may be `a` at the same offset).
   * Optional: without it, `exp` runs the JavaScript loop. An implementation may round differently
   * from `Math.exp` then float32, but by at most one float32 ulp.
   */
  exp?(out: Float32Array, outOffset: number, a: Float32Array, aOffset: number, n: number): void;
}

export { backendFor, defaultBackend, getBackend, kernelsFor, setBackend, WASM_THRESHOLDS } from './dispatch.js';
export { jsBackend } from './js-backend.js';
export { wasmBackend } from './wasm/wasm-backend.js';
export { kernelStatus, setKernelThreads, type KernelStatus } from './wasm/wasm-kernels.js';
export type { MatrixOperand };
