// Scratch views sharing one word, to reinterpret bfloat16 bits (the top half of a float32).
const word = new Uint32Array(1);
const wordAsFloat = new Float32Array(word.buffer);

/** An IEEE 754 half-precision value (as its 16 bits) widened to a number; exact in float32. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** A bfloat16 value (as its 16 bits) widened to a number; exact in float32. */
export function bfloat16ToNumber(bits: number): number {
  word[0] = (bits & 0xffff) << 16;
  return wordAsFloat[0]!;
}
