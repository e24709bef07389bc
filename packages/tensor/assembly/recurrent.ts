import { expF64x2 } from './exp';

/**
 * The element-wise part of one LSTM step, as kernels/recurrent.ts's `lstmGates` computes it: in
 * float64 from the float32 inputs, rounded once when stored. The pre-activations are x + hw (both
 * [B × 4H], gate blocks i, f, g, o of H columns per row); i, f, o = sigmoid, g = tanh;
 * c' = f·c + i·g; h' = o·tanh(c'), with c' unrounded as in JavaScript. Writes the gates
 * (over `x`: each element is read before it is written), c' and h' ([B × H]).
 *
 * sigmoid(v) = 1 / (1 + e^−v) and tanh(v) = 1 − 2 / (e^2v + 1) use exp.ts's float64 exp (which
 * clamps its argument to [−110, 100]: the gates saturate to within 4e-44 of 0 and exactly 1);
 * for |v| < 1/16, where that tanh formula cancels, tanh is its odd series to v^11 (truncation
 * ~1e-16 relative). The results are Math.exp's and Math.tanh's to ~1e-15 relative, so the stored
 * float32 values are the JavaScript kernel's but for rare one-ulp differences in rounding.
 */

const ONE = f64x2.splat(1);
const TWO = f64x2.splat(2);
const SMALL = f64x2.splat(0.0625);

function sigmoid(v: v128): v128 {
  return f64x2.div(ONE, f64x2.add(ONE, expF64x2(f64x2.neg(v))));
}

function tanh(v: v128): v128 {
  const large = f64x2.sub(ONE, f64x2.div(TWO, f64x2.add(expF64x2(f64x2.add(v, v)), ONE)));
  // tanh v = v − v³/3 + 2v⁵/15 − 17v⁷/315 + 62v⁹/2835 − 1382v¹¹/155925
  const v2 = f64x2.mul(v, v);
  let p = f64x2.splat(-1382.0 / 155925.0);
  p = f64x2.add(f64x2.mul(p, v2), f64x2.splat(62.0 / 2835.0));
  p = f64x2.add(f64x2.mul(p, v2), f64x2.splat(-17.0 / 315.0));
  p = f64x2.add(f64x2.mul(p, v2), f64x2.splat(2.0 / 15.0));
  p = f64x2.add(f64x2.mul(p, v2), f64x2.splat(-1.0 / 3.0));
  const small = f64x2.add(v, f64x2.mul(f64x2.mul(p, v2), v));
  return v128.bitselect(small, large, f64x2.lt(f64x2.abs(v), SMALL));
}

/** Two float32 values at `address` as float64 lanes, or one (in lane 0 of both) for an odd H's last column. */
function loadCells(address: usize, pair: bool): v128 {
  return pair ? f64x2.promote_low_f32x4(v128.load64_zero(address)) : f64x2.splat(<f64>load<f32>(address));
}

/** The lanes rounded to float32 and stored at `address`: two, or lane 0 alone. */
function storeCells(address: usize, v: v128, pair: bool): void {
  if (pair) v128.store64_lane(address, f32x4.demote_f64x2_zero(v), 0);
  else store<f32>(address, <f32>f64x2.extract_lane(v, 0));
}

/** One cell (`pair` false) or two neighbouring cells (true) of a step, at byte offsets `at` and `cell`. */
function cells(
  x: usize,
  hw: usize,
  cPrev: usize,
  cNext: usize,
  hNext: usize,
  at: usize,
  cell: usize,
  block: usize,
  pair: bool,
): void {
  const i = sigmoid(f64x2.add(loadCells(x + at, pair), loadCells(hw + at, pair)));
  const f = sigmoid(f64x2.add(loadCells(x + at + block, pair), loadCells(hw + at + block, pair)));
  const g = tanh(f64x2.add(loadCells(x + at + 2 * block, pair), loadCells(hw + at + 2 * block, pair)));
  const o = sigmoid(f64x2.add(loadCells(x + at + 3 * block, pair), loadCells(hw + at + 3 * block, pair)));
  const c = f64x2.add(f64x2.mul(f, loadCells(cPrev + cell, pair)), f64x2.mul(i, g));
  storeCells(cNext + cell, c, pair);
  storeCells(hNext + cell, f64x2.mul(o, tanh(c)), pair);
  storeCells(x + at, i, pair);
  storeCells(x + at + block, f, pair);
  storeCells(x + at + 2 * block, g, pair);
  storeCells(x + at + 3 * block, o, pair);
}

export function lstmGatesF32(x: usize, hw: usize, cPrev: usize, cNext: usize, hNext: usize, B: i32, H: i32): void {
  const block = (<usize>H) << 2; // bytes of one gate block
  const pairs = (<usize>(H & ~1)) << 2;
  for (let b = 0; b < B; b++) {
    const row = <usize>b * 4 * block;
    const cell = <usize>b * block;
    let j: usize = 0;
    for (; j < pairs; j += 8) cells(x, hw, cPrev, cNext, hNext, row + j, cell + j, block, true);
    if (j < block) cells(x, hw, cPrev, cNext, hNext, row + j, cell + j, block, false); // an odd H's last column
  }
}
