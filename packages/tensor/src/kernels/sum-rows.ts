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
