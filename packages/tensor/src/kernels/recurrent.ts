import type { TypedArray } from '../dtype.js';
import { kernel } from './dispatch.js';
import type { MatrixOperand } from './matmul.js';

/**
 * One direction of one recurrent layer over a whole sequence, forward and backward (BPTT), with
 * the input projection already done: `xw` [T, B, G·H] is X·W_ihᵀ + biases for every step (one GEMM
 * outside), so the recurrence does one B×H by H×G·H product per step and the element-wise gate
 * math in one fused loop. Gate order is PyTorch's: LSTM i, f, g, o; GRU r, z, n.
 *
 *   lstm:  i, f, o = σ(·), g = tanh(·);  c' = f·c + i·g;  h' = o·tanh(c')
 *   gru:   r, z = σ(xw + h·W_hhᵀ + b_hh);  n = tanh(xw_n + r·(h·W_hnᵀ + b_hn));  h' = (1 − z)·n + z·h
 *   rnn:   h' = tanh or relu(xw + h·W_hhᵀ)
 *
 * Biases other than GRU's b_hh (which n needs apart) are folded into `xw` by the caller.
 */
export type RecurrentMode = 'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu';

export interface RecurrentShape {
  readonly mode: RecurrentMode;
  readonly steps: number;
  readonly batch: number;
  readonly hidden: number;
  /** Run from the last step to the first (the backward direction of a bidirectional layer). */
  readonly reverse: boolean;
}

/** What the forward keeps for backward, by step (step s is time s, or T − 1 − s when reverse). */
export interface RecurrentSaved {
  /** Hidden states [T + 1, B, H]: the initial one, then after each step. */
  readonly hs: TypedArray;
  /** LSTM cell states [T + 1, B, H]. */
  readonly cs: TypedArray | null;
  /** Activated gates [T, B, G·H] (LSTM i, f, g, o; GRU r, z, n). */
  readonly gates: TypedArray | null;
  /** GRU: h·W_hnᵀ + b_hn per step [T, B, H] (n's recurrent part, which r scales). */
  readonly recurrentN: TypedArray | null;
}

export interface RecurrentGradients {
  /** [T, B, G·H] by time: the gradient of the gates' pre-activations, i.e. of `xw`. */
  readonly xw: TypedArray;
  /** [G·H, H] */
  readonly whh: TypedArray;
  /** GRU only: [G·H] */
  readonly bhh: TypedArray | null;
  readonly h0: TypedArray;
  readonly c0: TypedArray | null;
}

export function gateCount(mode: RecurrentMode): number {
  return mode === 'lstm' ? 4 : mode === 'gru' ? 3 : 1;
}

/** The multiply-adds of one step's product with the recurrent weights. */
export function recurrentStepWork(s: RecurrentShape): number {
  return s.batch * s.hidden * gateCount(s.mode) * s.hidden;
}

const like = (x: TypedArray, length: number): TypedArray =>
  new (x.constructor as new (n: number) => TypedArray)(length);
// 1 / (1 + e^(−x)) needs no branch: for very negative x, e^(−x) = ∞ and the result is 0, not NaN.
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const timeOf = (s: RecurrentShape, step: number) => (s.reverse ? s.steps - 1 - step : step);

/**
 * The two products of one step with the recurrent weights. A backend can keep W_hh packed across
 * the steps of a sequence (the WebAssembly one does) instead of passing it to a GEMM every step.
 */
export interface StepProducts {
  /** out [B × G·H] = h [B × H] (from `hOffset`) · W_hhᵀ */
  forward(h: TypedArray, hOffset: number, out: TypedArray): void;
  /** out [B × H] = d [B × G·H] (from `dOffset`) · W_hh */
  backward(d: TypedArray, dOffset: number, out: TypedArray): void;
  /**
   * A whole LSTM step instead of `forward` and the JavaScript gates: what `lstmGates` writes
   * (gates from `g0`, c' and h' at `next`), from h and c at `prev` and the input part at `x0`.
   */
  lstmStep?(
    xw: TypedArray,
    x0: number,
    cs: TypedArray,
    hs: TypedArray,
    gates: TypedArray,
    g0: number,
    prev: number,
    next: number,
  ): void;
}

/** The step products as GEMM kernel calls (the reference). */
export function gemmStepProducts(whh: TypedArray, s: RecurrentShape): StepProducts {
  const H = s.hidden;
  const gh = gateCount(s.mode) * H;
  const work = s.batch * H * gh;
  return {
    forward(h, hOffset, out) {
      const a: MatrixOperand = { data: h, offset: hOffset, rowStride: H, colStride: 1 };
      const b: MatrixOperand = { data: whh, offset: 0, rowStride: 1, colStride: H };
      kernel('gemm', work)(s.batch, H, gh, a, b, out, 0);
    },
    backward(d, dOffset, out) {
      const a: MatrixOperand = { data: d, offset: dOffset, rowStride: gh, colStride: 1 };
      const b: MatrixOperand = { data: whh, offset: 0, rowStride: H, colStride: 1 };
      kernel('gemm', work)(s.batch, gh, H, a, b, out, 0);
    },
  };
}

/**
 * Runs the recurrence: writes the output y [T, B, H] (by time) and returns what backward needs.
 * `bhh` is GRU's recurrent bias [G·H] (null: none, and for the other modes); `c0` LSTM's initial cell state.
 */
export function recurrentForward(
  xw: TypedArray,
  whh: TypedArray,
  bhh: TypedArray | null,
  h0: TypedArray,
  c0: TypedArray | null,
  s: RecurrentShape,
  y: TypedArray,
  products: StepProducts = gemmStepProducts(whh, s),
): RecurrentSaved {
  const { steps: T, batch: B, hidden: H, mode } = s;
  const G = gateCount(mode);
  const bh = B * H;
  const hs = like(xw, (T + 1) * bh);
  hs.set(h0.subarray(0, bh));
  const cs = mode === 'lstm' ? like(xw, (T + 1) * bh) : null;
  if (cs !== null) cs.set(c0!.subarray(0, bh));
  const gates = mode === 'lstm' || mode === 'gru' ? like(xw, T * B * G * H) : null;
  const recurrentN = mode === 'gru' ? like(xw, T * bh) : null;
  const hw = like(xw, B * G * H);
  for (let step = 0; step < T; step++) {
    const t = timeOf(s, step);
    const x0 = t * B * G * H;
    const prev = step * bh;
    const next = prev + bh;
    const g0 = step * B * G * H;
    if (mode === 'lstm' && products.lstmStep !== undefined) {
      products.lstmStep(xw, x0, cs!, hs, gates!, g0, prev, next);
      y.set(hs.subarray(next, next + bh), t * bh);
      continue;
    }
    products.forward(hs, step * bh, hw);
    if (mode === 'lstm') lstmGates(xw, x0, hw, cs!, hs, gates!, g0, prev, next, B, H);
    else if (mode === 'gru') gruGates(xw, x0, hw, bhh, hs, gates!, recurrentN!, g0, prev, next, B, H);
    else rnnActivation(xw, x0, hw, hs, next, B, H, mode === 'rnn_tanh');
    y.set(hs.subarray(next, next + bh), t * bh);
  }
  return { hs, cs, gates, recurrentN };
}

// The element-wise part of one step, one loop per mode (a mode test per element cost ~10%).

function lstmGates(
  xw: TypedArray,
  x0: number,
  hw: TypedArray,
  cs: TypedArray,
  hs: TypedArray,
  gates: TypedArray,
  g0: number,
  prev: number,
  next: number,
  B: number,
  H: number,
): void {
  for (let b = 0; b < B; b++) {
    const row = b * 4 * H;
    for (let j = 0; j < H; j++) {
      const at = b * H + j;
      const x = x0 + row + j;
      const r = row + j;
      const i = sigmoid(xw[x]! + hw[r]!);
      const f = sigmoid(xw[x + H]! + hw[r + H]!);
      const g = Math.tanh(xw[x + 2 * H]! + hw[r + 2 * H]!);
      const o = sigmoid(xw[x + 3 * H]! + hw[r + 3 * H]!);
      const c = f * cs[prev + at]! + i * g;
      cs[next + at] = c;
      hs[next + at] = o * Math.tanh(c);
      const gi = g0 + r;
      gates[gi] = i;
      gates[gi + H] = f;
      gates[gi + 2 * H] = g;
      gates[gi + 3 * H] = o;
    }
  }
}

function gruGates(
  xw: TypedArray,
  x0: number,
  hw: TypedArray,
  bhh: TypedArray | null,
  hs: TypedArray,
  gates: TypedArray,
  recurrentN: TypedArray,
  g0: number,
  prev: number,
  next: number,
  B: number,
  H: number,
): void {
  for (let b = 0; b < B; b++) {
    const row = b * 3 * H;
    for (let j = 0; j < H; j++) {
      const at = b * H + j;
      const x = x0 + row + j;
      const r0 = row + j;
      const r = sigmoid(xw[x]! + hw[r0]! + (bhh === null ? 0 : bhh[j]!));
      const z = sigmoid(xw[x + H]! + hw[r0 + H]! + (bhh === null ? 0 : bhh[H + j]!));
      const hn = hw[r0 + 2 * H]! + (bhh === null ? 0 : bhh[2 * H + j]!);
      const n = Math.tanh(xw[x + 2 * H]! + r * hn);
      hs[next + at] = (1 - z) * n + z * hs[prev + at]!;
      const gi = g0 + r0;
      gates[gi] = r;
      gates[gi + H] = z;
      gates[gi + 2 * H] = n;
      recurrentN[prev + at] = hn; // by step, like hs's previous state
    }
  }
}

function rnnActivation(
  xw: TypedArray,
  x0: number,
  hw: TypedArray,
  hs: TypedArray,
  next: number,
  B: number,
  H: number,
  tanh: boolean,
): void {
  for (let k = 0; k < B * H; k++) {
    const pre = xw[x0 + k]! + hw[k]!;
    hs[next + k] = tanh ? Math.tanh(pre) : pre > 0 ? pre : 0;
  }
}

/**
 * Backpropagation through time: from the gradients of y [T, B, H] (by time), of the last hidden
 * state and (LSTM) of the last cell state, to those of xw, W_hh, b_hh (GRU), h0 and c0.
 */
export function recurrentBackward(
  dy: TypedArray,
  dhLast: TypedArray,
  dcLast: TypedArray | null,
  whh: TypedArray,
  saved: RecurrentSaved,
  s: RecurrentShape,
  products: StepProducts = gemmStepProducts(whh, s),
): RecurrentGradients {
  const { steps: T, batch: B, hidden: H, mode } = s;
  const G = gateCount(mode);
  const bh = B * H;
  const gh = G * H;
  const { hs, cs, gates, recurrentN } = saved;
  const dxw = like(dy, T * B * gh);
  // The recurrent products' gradients by step: gates' pre-activations (GRU: n's scaled by r).
  const dRecurrent = like(dy, T * B * gh);
  const dh = like(dy, bh);
  const product = like(dy, bh);
  dh.set(dhLast.subarray(0, bh));
  const dc = cs === null ? null : like(dy, bh);
  if (dc !== null) dc.set(dcLast!.subarray(0, bh));
  for (let step = T - 1; step >= 0; step--) {
    const t = timeOf(s, step);
    const prev = step * bh;
    const next = prev + bh;
    const d0 = step * B * gh;
    for (let b = 0; b < B; b++) {
      const row = b * gh;
      for (let j = 0; j < H; j++) {
        const at = b * H + j;
        const dhj = dh[at]! + dy[t * bh + at]!;
        const gi = d0 + row + j;
        if (mode === 'lstm') {
          const i = gates![gi]!;
          const f = gates![gi + H]!;
          const g = gates![gi + 2 * H]!;
          const o = gates![gi + 3 * H]!;
          const tanhC = Math.tanh(cs![next + at]!);
          const dcj = dc![at]! + dhj * o * (1 - tanhC * tanhC);
          dRecurrent[gi] = dcj * g * i * (1 - i);
          dRecurrent[gi + H] = dcj * cs![prev + at]! * f * (1 - f);
          dRecurrent[gi + 2 * H] = dcj * i * (1 - g * g);
          dRecurrent[gi + 3 * H] = dhj * tanhC * o * (1 - o);
          dc![at] = dcj * f;
        } else if (mode === 'gru') {
          const r = gates![gi]!;
          const z = gates![gi + H]!;
          const n = gates![gi + 2 * H]!;
          const dnPre = dhj * (1 - z) * (1 - n * n);
          const drPre = dnPre * recurrentN![step * bh + at]! * r * (1 - r);
          const dzPre = dhj * (hs[prev + at]! - n) * z * (1 - z);
          const xi = t * B * gh + row + j;
          dxw[xi] = drPre;
          dxw[xi + H] = dzPre;
          dxw[xi + 2 * H] = dnPre;
          dRecurrent[gi] = drPre;
          dRecurrent[gi + H] = dzPre;
          dRecurrent[gi + 2 * H] = dnPre * r;
          dh[at] = dhj * z; // the direct path h → h'; the product's part is added below
          continue;
        } else {
          const out = hs[next + at]!;
          dRecurrent[gi] = dhj * (mode === 'rnn_tanh' ? 1 - out * out : out > 0 ? 1 : 0);
        }
        dh[at] = 0;
      }
    }
    if (mode !== 'gru') dxw.set(dRecurrent.subarray(d0, d0 + B * gh), t * B * gh);
    // dh (w.r.t. the previous hidden state) += dRecurrent_step [B × G·H] · W_hh [G·H × H].
    products.backward(dRecurrent, d0, product);
    for (let k = 0; k < bh; k++) dh[k]! += product[k]!;
  }
  // dW_hh = Σ_step dRecurrent_stepᵀ · h_prev(step): one [G·H × T·B] by [T·B × H] product.
  const dwhh = like(dy, gh * H);
  kernel('gemm', gh * T * B * H)(
    gh,
    T * B,
    H,
    { data: dRecurrent, offset: 0, rowStride: 1, colStride: gh },
    { data: hs, offset: 0, rowStride: H, colStride: 1 },
    dwhh,
    0,
  );
  let dbhh: TypedArray | null = null;
  if (mode === 'gru') {
    dbhh = like(dy, gh);
    for (let r = 0; r < T * B; r++) for (let k = 0; k < gh; k++) dbhh[k]! += dRecurrent[r * gh + k]!;
  }
  return { xw: dxw, whh: dwhh, bhh: dbhh, h0: dh, c0: dc };
}
