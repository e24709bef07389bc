/**
 * exp of float32 values, computed in float64 and rounded once to float32, like the JavaScript
 * path (`Math.exp`, then the store). exp(x) = 2^k · e^r with k = round(x / ln 2) and
 * r = x − k·ln 2 (ln 2 split in two parts so r is exact), e^r by its Taylor series to degree 11
 * (|r| ≤ ln 2 / 2: truncation error ~6e-15, far below float32's half ulp of 6e-8), and 2^k built
 * from the exponent bits. x is clamped to [−110, 100] first: outside it the float32 result is 0 or
 * infinity anyway, and inside it 2^k is a normal float64. NaN stays NaN. The JavaScript path and
 * this one agreed on every float32 bit in a test of a million values in [-20, 20].
 */

const LOG2E: f64 = Math.LOG2E;
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const LOW: f64 = -110;
const HIGH: f64 = 100;
const ROUNDING: f64 = 6755399441055744; // 1.5 · 2^52

export function expF64x2(x: v128): v128 {
  // pmin/pmax are single instructions (min/max need NaN handling); NaN is put back at the end.
  const clamped = f64x2.pmin(f64x2.pmax(x, f64x2.splat(LOW)), f64x2.splat(HIGH));
  // k = round(x / ln 2) by the 1.5·2^52 trick: after the add, the low mantissa bits hold k.
  const shifted = f64x2.add(f64x2.mul(clamped, f64x2.splat(LOG2E)), f64x2.splat(ROUNDING));
  const k = f64x2.sub(shifted, f64x2.splat(ROUNDING));
  let r = f64x2.sub(clamped, f64x2.mul(k, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(k, f64x2.splat(LN2_LO)));
  // Σ r^j / j!, j = 0..11, by Estrin's scheme: pairs c₂ᵢ + c₂ᵢ₊₁·r combined with r² and r⁴.
  // Horner's chain of 22 dependent operations left the CPU waiting on latencies (3x slower).
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const p01 = f64x2.add(f64x2.splat(1), r);
  const p23 = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, f64x2.splat(0.16666666666666666)));
  const p45 = f64x2.add(f64x2.splat(4.1666666666666664e-2), f64x2.mul(r, f64x2.splat(8.333333333333333e-3)));
  const p67 = f64x2.add(f64x2.splat(1.388888888888889e-3), f64x2.mul(r, f64x2.splat(1.984126984126984e-4)));
  const p89 = f64x2.add(f64x2.splat(2.48015873015873e-5), f64x2.mul(r, f64x2.splat(2.7557319223985893e-6)));
  const p1011 = f64x2.add(f64x2.splat(2.755731922398589e-7), f64x2.mul(r, f64x2.splat(2.505210838544172e-8)));
  const p03 = f64x2.add(p01, f64x2.mul(r2, p23));
  const p47 = f64x2.add(p45, f64x2.mul(r2, p67));
  const p811 = f64x2.add(p89, f64x2.mul(r2, p1011));
  const p = f64x2.add(p03, f64x2.mul(r4, f64x2.add(p47, f64x2.mul(r4, p811))));
  // 2^k: (k + 1023) in the exponent field, k taken from the bits of `shifted`.
  const kBits = i64x2.sub(shifted, f64x2.splat(ROUNDING));
  const scale = i64x2.shl(i64x2.add(kBits, i64x2.splat(1023)), 52);
  const result = f64x2.mul(p, scale);
  return v128.bitselect(x, result, f64x2.ne(x, x));
}

/** out[i] = exp(a[i]) for i < n (`out` may be `a`). */
export function expF32(a: usize, out: usize, n: i32): void {
  const vectorEnd = (<usize>(n & ~3)) << 2;
  const end = (<usize>n) << 2;
  let i: usize = 0;
  for (; i < vectorEnd; i += 16) {
    const x = v128.load(a + i);
    const low = f32x4.demote_f64x2_zero(expF64x2(f64x2.promote_low_f32x4(x)));
    const high = f32x4.demote_f64x2_zero(expF64x2(f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 0, 1))));
    v128.store(out + i, v128.shuffle<i64>(low, high, 0, 2));
  }
  for (; i < end; i += 4) {
    const one = expF64x2(f64x2.splat(<f64>load<f32>(a + i)));
    store<f32>(out + i, <f32>f64x2.extract_lane(one, 0));
  }
}
