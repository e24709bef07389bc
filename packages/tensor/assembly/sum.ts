/**
 * Float32 sums accumulated in float64, as the JavaScript reduction does (every float32 is exact
 * in float64, so only the order of the additions can differ).
 */

/** Σ x[i] for i < n. Eight float64 partial sums, combined at the end. */
export function sumF32(x: usize, n: i32): f64 {
  const vectorEnd = (<usize>(n & ~7)) << 2;
  const end = (<usize>n) << 2;
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  let i: usize = 0;
  for (; i < vectorEnd; i += 32) {
    // Two floats per 8-byte load, widened: loads are cheaper than lane shuffles here.
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v128.load64_zero(x + i)));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.load64_zero(x + i, 8)));
    s2 = f64x2.add(s2, f64x2.promote_low_f32x4(v128.load64_zero(x + i, 16)));
    s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.load64_zero(x + i, 24)));
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < end; i += 4) total += <f64>load<f32>(x + i);
  return total;
}

/**
 * acc[j] += Σ_r x[r·cols + j] for j < cols (acc is float64): column sums of a rows × cols block,
 * each column added in row order exactly as the JavaScript loop does, so the results are
 * identical to it bit for bit.
 */
export function sumColumnsF32(x: usize, rows: i32, cols: i32, acc: usize): void {
  const vectorCols = cols & ~3;
  const rowBytes = (<usize>cols) << 2;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let j = 0;
    for (; j < vectorCols; j += 4) {
      const from = row + ((<usize>j) << 2);
      const at = acc + ((<usize>j) << 3);
      v128.store(at, f64x2.add(v128.load(at), f64x2.promote_low_f32x4(v128.load64_zero(from))));
      v128.store(at, f64x2.add(v128.load(at, 16), f64x2.promote_low_f32x4(v128.load64_zero(from, 8))), 16);
    }
    for (; j < cols; j++) {
      const at = acc + ((<usize>j) << 3);
      store<f64>(at, load<f64>(at) + <f64>load<f32>(row + ((<usize>j) << 2)));
    }
  }
}
