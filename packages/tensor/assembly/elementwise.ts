import { ADD, DIV, MUL, SUB } from '../src/kernels/op-codes';

/**
 * Element-wise float32 arithmetic over contiguous runs, with the op codes every backend shares.
 * IEEE add/sub/mul/div round the exact result once, so these give the bits the JavaScript loops
 * store (they compute in float64 and round to float32: that double rounding is innocuous for
 * + − × ÷ because 53 ≥ 2·24 + 2).
 */

/** out[i] = a[i] ∘ b[i] for i < n (addresses in bytes; `out` may be `a` or `b`). */
export function binaryF32(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  const vectorEnd = (<usize>(n & ~3)) << 2;
  const end = (<usize>n) << 2;
  let i: usize = 0;
  if (op == ADD) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.add(v128.load(a + i), v128.load(b + i)));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) + load<f32>(b + i));
  } else if (op == SUB) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.sub(v128.load(a + i), v128.load(b + i)));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) - load<f32>(b + i));
  } else if (op == MUL) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.mul(v128.load(a + i), v128.load(b + i)));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) * load<f32>(b + i));
  } else if (op == DIV) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.div(v128.load(a + i), v128.load(b + i)));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) / load<f32>(b + i));
  }
}

/**
 * out[i] = relu(a[i]) for i < n, as the JavaScript loop gives it: wasm's max returns NaN for NaN,
 * +0 for -0 (it orders -0 below +0) and 0 for -inf.
 */
export function reluF32(a: usize, out: usize, n: i32): void {
  const vectorEnd = (<usize>(n & ~3)) << 2;
  const end = (<usize>n) << 2;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.max(v128.load(a + i), zero));
  for (; i < end; i += 4) store<f32>(out + i, max<f32>(load<f32>(a + i), 0));
}

/**
 * out[i] = 0 where result[i] <= 0, else grad[i] + 0 (PyTorch's threshold_backward; NaN results
 * pass the gradient), as the JavaScript loop gives it: + 0 turns -0 into +0 there too.
 */
export function reluBackwardF32(grad: usize, result: usize, out: usize, n: i32): void {
  const vectorEnd = (<usize>(n & ~3)) << 2;
  const end = (<usize>n) << 2;
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i < vectorEnd; i += 16) {
    const g = f32x4.add(v128.load(grad + i), zero);
    v128.store(out + i, v128.bitselect(zero, g, f32x4.le(v128.load(result + i), zero)));
  }
  for (; i < end; i += 4) store<f32>(out + i, load<f32>(result + i) <= 0 ? 0 : load<f32>(grad + i) + 0);
}

/** out[i] = a[i] ∘ s, or s ∘ a[i] when `scalarOnLeft`, for i < n (`out` may be `a`). */
export function binaryScalarF32(op: i32, a: usize, s: f32, out: usize, n: i32, scalarOnLeft: bool): void {
  const vectorEnd = (<usize>(n & ~3)) << 2;
  const end = (<usize>n) << 2;
  const v = f32x4.splat(s);
  let i: usize = 0;
  if (op == ADD) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.add(v128.load(a + i), v));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) + s);
  } else if (op == MUL) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.mul(v128.load(a + i), v));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) * s);
  } else if (op == SUB && !scalarOnLeft) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.sub(v128.load(a + i), v));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) - s);
  } else if (op == SUB) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.sub(v, v128.load(a + i)));
    for (; i < end; i += 4) store<f32>(out + i, s - load<f32>(a + i));
  } else if (op == DIV && !scalarOnLeft) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.div(v128.load(a + i), v));
    for (; i < end; i += 4) store<f32>(out + i, load<f32>(a + i) / s);
  } else if (op == DIV) {
    for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.div(v, v128.load(a + i)));
    for (; i < end; i += 4) store<f32>(out + i, s / load<f32>(a + i));
  }
}
