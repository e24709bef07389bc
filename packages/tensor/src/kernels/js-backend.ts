import type { Backend } from './backend.js';
import { binaryFlat, binaryScalarLeft, binaryScalarRight, UNARY_KERNELS, type BinaryApply } from './elementwise.js';
import { gemm } from './matmul.js';

// The arithmetic ops by code (ADD, SUB, MUL, DIV of elementwise.ts), for the loops' `apply` slot.
const APPLY: readonly BinaryApply[] = [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y];

/**
 * out[o·inner + i] = Σ_r x[offset + (o·reduced + r)·inner + i]: each output adds its inputs in
 * row order, in float64.
 */
export function sumRows(
  x: Float32Array,
  offset: number,
  outer: number,
  reduced: number,
  inner: number,
  out: Float64Array,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const start = offset + o * reduced;
      let total = 0;
      for (let r = 0; r < reduced; r++) total += x[start + r]!;
      out[o] = total;
    }
    return;
  }
  out.fill(0, 0, outer * inner);
  for (let o = 0; o < outer; o++) {
    const row = o * inner;
    for (let r = 0; r < reduced; r++) {
      const start = offset + (o * reduced + r) * inner;
      for (let i = 0; i < inner; i++) out[row + i]! += x[start + i]!;
    }
  }
}

/** The plain JavaScript kernels: the reference every other backend is tested against. */
export const jsBackend: Backend = {
  name: 'js',
  gemm,
  binary(op, out, outOffset, a, aOffset, b, bOffset, n) {
    binaryFlat(op, APPLY[op]!, out, outOffset, a, aOffset, b, bOffset, n);
  },
  binaryScalar(op, out, outOffset, a, aOffset, scalar, n, scalarOnLeft) {
    if (scalarOnLeft) binaryScalarLeft(op, APPLY[op]!, out, outOffset, scalar, a, aOffset, n);
    else binaryScalarRight(op, APPLY[op]!, out, outOffset, a, aOffset, scalar, n);
  },
  sum: sumRows,
  exp(out, outOffset, a, aOffset, n) {
    UNARY_KERNELS.exp(out, outOffset, a, aOffset, n);
  },
};
