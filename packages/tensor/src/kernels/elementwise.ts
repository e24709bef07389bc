import type { TypedArray } from '../dtype.js';
import { ADD, DIV, EQ, GE, GT, LE, LT, MUL, NE, SUB } from './op-codes.js';

/**
 * Flat loops over contiguous memory: the fast path for every element-wise op. The four
 * arithmetic ops have loops of their own so V8 can inline the operator; the rest call `apply`.
 * `o`, `a`, `b` may be the same array (in-place ops write where they read).
 */
export type BinaryApply = (x: number, y: number) => number;

export { ADD, SUB, MUL, DIV, OTHER, EQ, NE, LT, LE, GT, GE } from './op-codes.js';

/** o[oi+i] = a[ai+i] ∘ b[bi+i] */
export function binaryFlat(
  code: number,
  apply: BinaryApply,
  o: TypedArray,
  oi: number,
  a: TypedArray,
  ai: number,
  b: TypedArray,
  bi: number,
  n: number,
): void {
  switch (code) {
    case ADD:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! + b[bi + i]!;
      return;
    case SUB:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! - b[bi + i]!;
      return;
    case MUL:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! * b[bi + i]!;
      return;
    case DIV:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! / b[bi + i]!;
      return;
    case EQ:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i] === b[bi + i]);
      return;
    case NE:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i] !== b[bi + i]);
      return;
    case LT:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! < b[bi + i]!);
      return;
    case LE:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! <= b[bi + i]!);
      return;
    case GT:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! > b[bi + i]!);
      return;
    case GE:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! >= b[bi + i]!);
      return;
    default:
      for (let i = 0; i < n; i++) o[oi + i] = apply(a[ai + i]!, b[bi + i]!);
  }
}

/** o[oi+i] = a[ai+i] ∘ s */
export function binaryScalarRight(
  code: number,
  apply: BinaryApply,
  o: TypedArray,
  oi: number,
  a: TypedArray,
  ai: number,
  s: number,
  n: number,
): void {
  switch (code) {
    case ADD:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! + s;
      return;
    case SUB:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! - s;
      return;
    case MUL:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! * s;
      return;
    case DIV:
      for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! / s;
      return;
    case EQ:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i] === s);
      return;
    case NE:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i] !== s);
      return;
    case LT:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! < s);
      return;
    case LE:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! <= s);
      return;
    case GT:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! > s);
      return;
    case GE:
      for (let i = 0; i < n; i++) o[oi + i] = +(a[ai + i]! >= s);
      return;
    default:
      for (let i = 0; i < n; i++) o[oi + i] = apply(a[ai + i]!, s);
  }
}

/** o[oi+i] = s ∘ b[bi+i] */
export function binaryScalarLeft(
  code: number,
  apply: BinaryApply,
  o: TypedArray,
  oi: number,
  s: number,
  b: TypedArray,
  bi: number,
  n: number,
): void {
  switch (code) {
    case ADD:
      for (let i = 0; i < n; i++) o[oi + i] = s + b[bi + i]!;
      return;
    case MUL:
      for (let i = 0; i < n; i++) o[oi + i] = s * b[bi + i]!;
      return;
    default:
      for (let i = 0; i < n; i++) o[oi + i] = apply(s, b[bi + i]!);
  }
}

/**
 * A full [rows, cols] operand against one row of `cols` repeated (bias-style broadcasting);
 * `rowOnLeft` says which side of the operator the repeated row stands.
 */
export function binaryRows(
  code: number,
  apply: BinaryApply,
  o: TypedArray,
  oi: number,
  full: TypedArray,
  fi: number,
  row: TypedArray,
  ri: number,
  rows: number,
  cols: number,
  rowOnLeft: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    if (rowOnLeft) {
      for (let j = 0; j < cols; j++) o[oi + base + j] = apply(row[ri + j]!, full[fi + base + j]!);
    } else if (code === ADD) {
      for (let j = 0; j < cols; j++) o[oi + base + j] = full[fi + base + j]! + row[ri + j]!;
    } else if (code === MUL) {
      for (let j = 0; j < cols; j++) o[oi + base + j] = full[fi + base + j]! * row[ri + j]!;
    } else {
      for (let j = 0; j < cols; j++) o[oi + base + j] = apply(full[fi + base + j]!, row[ri + j]!);
    }
  }
}

/** o[oi+i] = f(a[ai+i]) */
export function unaryFlat(
  apply: (x: number) => number,
  o: TypedArray,
  oi: number,
  a: TypedArray,
  ai: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) o[oi + i] = apply(a[ai + i]!);
}

/** A unary op's own loop: o[oi+i] = f(a[ai+i]). */
export type UnaryKernel = (o: TypedArray, oi: number, a: TypedArray, ai: number, n: number) => void;

// One loop per op, so each call site sees one function and V8 inlines it: through the shared
// `unaryFlat` the `apply` call is megamorphic and costs ~10 ns an element (exp: 27 → ~6 ns).
const sigmoidOf = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const UNARY_KERNELS = {
  neg: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = -a[ai + i]!;
  },
  exp: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = Math.exp(a[ai + i]!);
  },
  log: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = Math.log(a[ai + i]!);
  },
  log1p: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = Math.log1p(a[ai + i]!);
  },
  sqrt: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = Math.sqrt(a[ai + i]!);
  },
  abs: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = Math.abs(a[ai + i]!);
  },
  // Branch-free where it matters: on data of mixed signs a `x > 0 ? x : 0` branch mispredicts
  // half the time (~7 ns an element; Math.max(x, 0) is no better, ~8 ns). (x + |x|) / 2 is x for
  // x > 0 and +0 otherwise, exactly. The two range tests are always true on ordinary data, so
  // they predict perfectly (2.2 ns an element against 2.0 without the second one); they route
  // NaN and +inf (and float64 values that would overflow the sum) to x, and -inf to 0 instead
  // of -inf + inf = NaN. Unlike PyTorch, -0 gives +0.
  relu: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ai + i]!;
      o[oi + i] = x < 8e307 ? (x > -8e307 ? (x + Math.abs(x)) * 0.5 : 0) : x;
    }
  },
  // PyTorch's (0 < x) - (x < 0): NaN and -0 give 0. Comparisons as numbers compile without a branch.
  sign: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) {
      const x = a[ai + i]!;
      o[oi + i] = +(x > 0) - +(x < 0);
    }
  },
  sigmoid: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = sigmoidOf(a[ai + i]!);
  },
  tanh: (o, oi, a, ai, n) => {
    for (let i = 0; i < n; i++) o[oi + i] = Math.tanh(a[ai + i]!);
  },
} satisfies Record<string, UnaryKernel>;

// The arithmetic ops by code (ADD, SUB, MUL, DIV), for the loops' `apply` slot.
const ARITHMETIC: readonly BinaryApply[] = [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y];

/**
 * out[outOffset+i] = a[aOffset+i] ∘ b[bOffset+i] for i < n, ∘ one of the four arithmetic ops by
 * code (op-codes.ts). `out` may be `a` or `b` at the same offset (in-place ops). Backends are
 * given only contiguous float32 operands here, whose results are exact in float32, so any correct
 * implementation stores the same bits as this loop.
 */
export function binaryArithmetic(
  op: number,
  out: Float32Array,
  outOffset: number,
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  n: number,
): void {
  binaryFlat(op, ARITHMETIC[op]!, out, outOffset, a, aOffset, b, bOffset, n);
}

/** out[outOffset+i] = a[aOffset+i] ∘ scalar, or scalar ∘ a[aOffset+i] when `scalarOnLeft`. */
export function binaryScalarArithmetic(
  op: number,
  out: Float32Array,
  outOffset: number,
  a: Float32Array,
  aOffset: number,
  scalar: number,
  n: number,
  scalarOnLeft: boolean,
): void {
  if (scalarOnLeft) binaryScalarLeft(op, ARITHMETIC[op]!, out, outOffset, scalar, a, aOffset, n);
  else binaryScalarRight(op, ARITHMETIC[op]!, out, outOffset, a, aOffset, scalar, n);
}

/**
 * out[outOffset+i] = exp(a[aOffset+i]) for float32 (`out` may be `a` at the same offset). Another
 * backend's version may round differently from `Math.exp` then float32, but by at most one ulp.
 */
export function reluFloat32(out: Float32Array, outOffset: number, a: Float32Array, aOffset: number, n: number): void {
  UNARY_KERNELS.relu(out, outOffset, a, aOffset, n);
}

/**
 * out[i] = 0 where result[i] <= 0, else grad[i] (relu's gradient: PyTorch's threshold_backward,
 * which passes it where the result is NaN). Branch-free like `relu`: grad · keep + 0 is the
 * answer unless grad · 0 made a NaN (an infinite or NaN grad), which the rare second test fixes.
 */
export function reluBackward(
  out: TypedArray,
  grad: TypedArray,
  gradOffset: number,
  result: TypedArray,
  resultOffset: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const x = grad[gradOffset + i]!;
    const keep = +!(result[resultOffset + i]! <= 0);
    const v = x * keep + 0;
    out[i] = v === v ? v : keep ? x : 0;
  }
}

export function reluBackwardFloat32(
  out: Float32Array,
  grad: Float32Array,
  gradOffset: number,
  result: Float32Array,
  resultOffset: number,
  n: number,
): void {
  reluBackward(out, grad, gradOffset, result, resultOffset, n);
}

export function expFloat32(out: Float32Array, outOffset: number, a: Float32Array, aOffset: number, n: number): void {
  UNARY_KERNELS.exp(out, outOffset, a, aOffset, n);
}
