/**
 * `c + a·b` on four float32 lanes. The relaxed build fuses it into one instruction
 * (`f32x4.relaxed_madd`); the plain SIMD build multiplies, then adds. The branch is folded at
 * compile time and Binaryen inlines these calls (no decorator: `@inline` on a function is not
 * TypeScript syntax, and the repository lints and formats these files as TypeScript).
 */
export function multiplyAddF32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** `c + a·b` on two float64 lanes (see `multiplyAddF32`). */
export function multiplyAddF64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}
