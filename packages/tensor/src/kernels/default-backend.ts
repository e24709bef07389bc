import type { Backend } from './backend.js';
import { jsBackend } from './js-backend.js';
import { wasmBackend } from './wasm/wasm-backend.js';

/**
 * Sizes from which the WebAssembly kernels beat the JavaScript loops, with a margin (measured on a
 * 2-core Xeon, Node 20: wasm is already ~2x faster at 256 elements and at 8·8·8 products). Below
 * them a call stays in plain JavaScript: no copies, and nothing is loaded, so the tutorial's
 * tensors (2–10 elements) never leave JavaScript. `node assembly/bench.mjs` measures both sides.
 */
export const WASM_THRESHOLDS = {
  /** m·k·n multiply-adds of one float32 or float64 matrix product. */
  gemm: 16 * 16 * 16,
  /** Elements of one element-wise op. */
  elementwise: 1024,
  /** Elements summed into each output (reduced · inner for one outer index). */
  sum: 1024,
} as const;

const { gemm: GEMM, elementwise: ELEMENTWISE, sum: SUM } = WASM_THRESHOLDS;

/** The default: JavaScript for small calls, WebAssembly SIMD for large ones. */
export const defaultBackend: Backend = {
  name: 'default',
  gemm(m, k, n, a, b, c, cOffset) {
    if (m * k * n >= GEMM && !(c instanceof Int32Array)) wasmBackend.gemm(m, k, n, a, b, c, cOffset);
    else jsBackend.gemm(m, k, n, a, b, c, cOffset);
  },
  binary(op, out, outOffset, a, aOffset, b, bOffset, n) {
    if (n >= ELEMENTWISE) wasmBackend.binary(op, out, outOffset, a, aOffset, b, bOffset, n);
    else jsBackend.binary(op, out, outOffset, a, aOffset, b, bOffset, n);
  },
  binaryScalar(op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft) {
    if (n >= ELEMENTWISE) wasmBackend.binaryScalar(op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft);
    else jsBackend.binaryScalar(op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft);
  },
  sum(x, offset, outer, reduced, inner, out) {
    if (reduced * inner >= SUM && (inner === 1 || inner >= 4)) wasmBackend.sum(x, offset, outer, reduced, inner, out);
    else jsBackend.sum(x, offset, outer, reduced, inner, out);
  },
  exp(out, outOffset, a, aOffset, n) {
    if (n >= ELEMENTWISE) wasmBackend.exp!(out, outOffset, a, aOffset, n);
    else jsBackend.exp!(out, outOffset, a, aOffset, n);
  },
};
