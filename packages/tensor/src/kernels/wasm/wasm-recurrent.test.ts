import fc from 'fast-check';
import { expect, test } from 'vitest';
import { mismatches } from '../../../../../fixtures/mismatches.js';
import {
  gateCount,
  recurrentBackward,
  recurrentForward,
  type RecurrentMode,
  type RecurrentShape,
} from '../recurrent.js';
import { wasmKernels } from './wasm-kernels.js';
import { recurrentBackwardWasm, recurrentForwardWasm } from './wasm-recurrent.js';

// The WebAssembly recurrences (W_hh packed once; an LSTM's gates in wasm) against the JavaScript
// kernels, both float32: every output and gradient, all modes, both directions, odd sizes.

const random = (n: number, seed: number, scale = 1) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i * 1.37) * scale);

/** Equal but for float32 rounding and the products' summation order: 1e-5 of the value (absolute below 1; NaN equals NaN). */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length).toBe(want.length);
  const far = mismatches(
    want.length,
    (i) => Object.is(got[i], want[i]) || Math.abs(got[i]! - want[i]!) <= 1e-5 * Math.max(1, Math.abs(want[i]!)),
    (i) => `${what} element ${i}: ${got[i]} vs ${want[i]}`,
  );
  expect(far).toEqual([]);
}

const modeArb = fc.constantFrom<RecurrentMode>('lstm', 'gru', 'rnn_tanh', 'rnn_relu');

function run(s: RecurrentShape, scale: number, seed: number) {
  const G = gateCount(s.mode);
  const { steps: T, batch: B, hidden: H } = s;
  const xw = random(T * B * G * H, seed, scale);
  const whh = random(G * H * H, seed + 1, 0.3);
  const bhh = s.mode === 'gru' ? random(G * H, seed + 2) : null;
  const h0 = random(B * H, seed + 3);
  const c0 = s.mode === 'lstm' ? random(B * H, seed + 4) : null;
  const [fastY, referenceY] = [0, 1].map(() => new Float32Array(T * B * H));
  const fast = recurrentForwardWasm(xw, whh, bhh, h0, c0, s, fastY!);
  const reference = recurrentForward(xw, whh, bhh, h0, c0, s, referenceY!);
  expectClose(fastY!, referenceY!, `${s.mode} output`);
  expectClose(fast.hs, reference.hs, `${s.mode} hs`);
  if (reference.cs !== null) expectClose(fast.cs!, reference.cs, `${s.mode} cs`);
  if (reference.gates !== null) expectClose(fast.gates!, reference.gates, `${s.mode} gates`);
  const dy = random(T * B * H, seed + 5);
  const dh = random(B * H, seed + 6);
  const dc = s.mode === 'lstm' ? random(B * H, seed + 7) : null;
  const fastGrads = recurrentBackwardWasm(dy, dh, dc, whh, fast, s);
  const referenceGrads = recurrentBackward(dy, dh, dc, whh, reference, s);
  for (const key of ['xw', 'whh', 'bhh', 'h0', 'c0'] as const) {
    const want = referenceGrads[key];
    if (want !== null) expectClose(fastGrads[key]!, want, `${s.mode} gradient of ${key}`);
  }
}

test('wasm recurrences equal the JavaScript kernels: outputs, saved states and gradients', () => {
  expect(wasmKernels()).not.toBeNull();
  fc.assert(
    fc.property(
      modeArb,
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 19 }), // odd hidden sizes: the LSTM kernel's one-column tail
      fc.boolean(),
      fc.constantFrom(0.5, 3, 40), // pre-activations from linear to saturated
      (mode, steps, batch, hidden, reverse, scale) =>
        run({ mode, steps, batch, hidden, reverse }, scale, steps * 31 + hidden),
    ),
    { numRuns: 120 },
  );
  run({ mode: 'lstm', steps: 3, batch: 32, hidden: 256, reverse: false }, 2, 9); // the bench's size
});

test("the wasm LSTM gates saturate and propagate NaN as the JavaScript kernel's do", () => {
  const s: RecurrentShape = { mode: 'lstm', steps: 1, batch: 1, hidden: 9, reverse: false };
  // Each gate's pre-activations: huge, tiny, infinite and NaN values (h0 = 0, so xw is all of it).
  const special = [200, -200, 1e-9, -1e-9, Infinity, -Infinity, 0, -0, 0.03];
  const xw = Float32Array.from({ length: 4 * 9 }, (_, i) => special[(i * 5) % 9]!);
  xw[20] = NaN;
  const whh = new Float32Array(4 * 9 * 9);
  const h0 = new Float32Array(9);
  const c0 = Float32Array.from(special, (v, i) => (i === 4 || i === 5 ? 1 : v));
  const [fastY, referenceY] = [0, 1].map(() => new Float32Array(9));
  const fast = recurrentForwardWasm(xw, whh, null, h0, c0, s, fastY!);
  const reference = recurrentForward(xw, whh, null, h0, c0, s, referenceY!);
  expectClose(fast.gates!, reference.gates!, 'gates');
  expectClose(fast.cs!, reference.cs!, 'cs');
  expectClose(fastY!, referenceY!, 'output');
  expect(Number.isNaN(fastY![20 - 18])).toBe(true); // the g gate's NaN reaches c and h
});

/** Float32 bits apart (0: the same value; NaN equals NaN). */
function ulps(x: number, y: number): number {
  if ((Number.isNaN(x) && Number.isNaN(y)) || x === y) return 0;
  const bits = new Int32Array(new Float32Array([x, y]).buffer);
  return Math.abs(bits[0]! - bits[1]!);
}

test("the wasm LSTM gates store the JavaScript kernel's float32 values, but for rare one-ulp roundings", () => {
  // One step from h0 = 0: no product, so only the gate math differs. Magnitudes from 1e-12 to 60.
  const s: RecurrentShape = { mode: 'lstm', steps: 1, batch: 7, hidden: 301, reverse: false };
  const n = 4 * 7 * 301;
  const xw = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.91) * 10 ** (((i * 7) % 14) - 12) * 60);
  const c0 = random(7 * 301, 3, 5);
  const [fastY, referenceY] = [0, 1].map(() => new Float32Array(7 * 301));
  const fast = recurrentForwardWasm(
    xw,
    new Float32Array(4 * 301 * 301),
    null,
    new Float32Array(7 * 301),
    c0,
    s,
    fastY!,
  );
  const reference = recurrentForward(
    xw,
    new Float32Array(4 * 301 * 301),
    null,
    new Float32Array(7 * 301),
    c0,
    s,
    referenceY!,
  );
  for (const [what, got, want] of [
    ['gates', fast.gates!, reference.gates!],
    ['cs', fast.cs!, reference.cs!],
    ['output', fastY!, referenceY!],
  ] as const) {
    expect(
      mismatches(
        want.length,
        (i) => ulps(got[i]!, want[i]!) <= 1,
        (i) => `${what} ${i}: ${got[i]} vs ${want[i]}`,
      ),
    ).toEqual([]);
    let differing = 0;
    for (let i = 0; i < want.length; i++) if (ulps(got[i]!, want[i]!) > 0) differing++;
    expect(differing / want.length, what).toBeLessThan(1e-3);
  }
});
