import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { randn, setBackend, tensor, type NDArray } from '../../index.js';
import { mismatches } from '../../../../../fixtures/mismatches.js';
import { withLayout, type Layout } from '../../testing.test-util.js';
import { defaultBackend, jsBackend, wasmBackend, type MatrixOperand } from '../backend.js';
import { kernelStatus, wasmKernels } from './wasm-kernels.js';

/**
 * The WebAssembly kernels against the JavaScript ones they replace.
 *
 * Element-wise add/sub/mul/div must store the same bits. A matrix product or a sum may differ by
 * the order of its additions: wasm accumulates a float32 product in float32 (JavaScript in
 * float64), so each element may differ by at most (k + 2)·2⁻²⁴·Σₚ|aᵢₚ·bₚⱼ|, the textbook bound on
 * a k-term dot product; float64 products and float32 sums (accumulated in float64 by both) by
 * (k + 2)·2⁻⁵³·Σ|terms|.
 */

afterEach(() => {
  setBackend(defaultBackend);
});

test('the SIMD kernels load here (Node 20 runs the plain SIMD variant unless given a flag)', () => {
  expect(wasmKernels()).not.toBeNull();
  expect(['simd', 'relaxed-simd']).toContain(kernelStatus());
});

// ---- matrix products ----

type OperandLayout = 'row-major' | 'transposed' | 'strided' | 'broadcast';
const OPERAND_LAYOUTS: readonly OperandLayout[] = ['row-major', 'transposed', 'strided', 'broadcast'];

/** A rows × cols operand laid out as `layout` in a fresh array of `kind`, after `offset` filler elements. */
function operand(
  kind: 'float32' | 'float64',
  rows: number,
  cols: number,
  layout: OperandLayout,
  offset: number,
  seed: number,
): MatrixOperand {
  const [rowStride, colStride, span] =
    layout === 'row-major'
      ? [cols, 1, rows * cols]
      : layout === 'transposed'
        ? [1, rows, rows * cols]
        : layout === 'strided'
          ? [2 * cols + 3, 2, rows * (2 * cols + 3)]
          : [0, 1, cols]; // every row the same (an expanded dim)
  const data = kind === 'float32' ? new Float32Array(offset + span + 2) : new Float64Array(offset + span + 2);
  let state = seed | 1;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) | 0;
    data[i] = ((state >>> 8) / 2 ** 23 - 1) * 4;
  }
  return { data, offset, rowStride, colStride };
}

const at = (x: MatrixOperand, i: number, j: number) => x.data[x.offset + i * x.rowStride + j * x.colStride]!;

/** Checks `got` against `want` within the dot-product bound (see the top of the file). */
function expectProductsClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  a: MatrixOperand,
  b: MatrixOperand,
  m: number,
  k: number,
  n: number,
  unit: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let magnitude = 0;
      for (let p = 0; p < k; p++) magnitude += Math.abs(at(a, i, p) * at(b, p, j));
      const diff = Math.abs(got[i * n + j]! - want[i * n + j]!);
      if (!(diff <= (k + 2) * unit * magnitude)) {
        expect.fail(`C[${i},${j}] (m=${m} k=${k} n=${n}): wasm ${got[i * n + j]} vs js ${want[i * n + j]}`);
      }
    }
  }
}

// Sizes on both sides of the register tile (4 × 8), the A block (128 rows) and the k-slice (256).
const rowsArb = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(127, 128, 129, 133));
const depthArb = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constantFrom(255, 256, 257, 300, 513));
const colsArb = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constantFrom(31, 32, 33, 255, 257));

describe('gemm', () => {
  for (const kind of ['float32', 'float64'] as const) {
    test(`${kind}: wasm equals JavaScript within the summation bound, for every layout and edge size`, () => {
      const unit = kind === 'float32' ? 2 ** -24 : 2 ** -53;
      fc.assert(
        fc.property(
          rowsArb,
          depthArb,
          colsArb,
          fc.constantFrom(...OPERAND_LAYOUTS),
          fc.constantFrom(...OPERAND_LAYOUTS),
          fc.nat(5),
          fc.nat(),
          (m, k, n, layoutA, layoutB, offset, seed) => {
            const a = operand(kind, m, k, layoutA, offset, seed);
            const b = operand(kind, k, n, layoutB, offset + 1, seed + 1);
            const make = () => (kind === 'float32' ? new Float32Array(m * n + 3) : new Float64Array(m * n + 3));
            const got = make();
            const want = make();
            wasmBackend.gemm(m, k, n, a, b, got, 3);
            jsBackend.gemm(m, k, n, a, b, want, 3);
            expectProductsClose(got.subarray(3), want.subarray(3), a, b, m, k, n, unit);
            expect(got.subarray(0, 3)).toEqual(make().subarray(0, 3)); // nothing written before cOffset
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  test('int32 products, and empty ones, stay on JavaScript and still give the product', () => {
    const a = tensor([[1, 2, 3]], { dtype: 'int32' });
    const b = tensor([[1], [2], [3]], { dtype: 'int32' });
    setBackend(wasmBackend);
    expect(a.matmul(b).toArray()).toEqual([[14]]);
    expect(
      randn([3, 0])
        .matmul(randn([0, 2]))
        .toArray(),
    ).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  const layoutArb = fc.constantFrom<Layout>('contiguous', 'permuted', 'strided', 'expanded');
  test('matmul through the ops (batched, broadcast batch dims, views) equals the JavaScript backend', () => {
    const values = Array.from({ length: 101 }, (_, i) => ((i * 37) % 23) / 4 - 2.5);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom([], [3], [2, 1]),
        fc.constantFrom([], [1], [2, 3]),
        layoutArb,
        layoutArb,
        fc.nat(63),
        fc.constantFrom('float32' as const, 'float64' as const),
        (m, k, n, batchA, batchB, la, lb, choice, dtype) => {
          const a = withLayout([...batchA, m, k], dtype, la, values, choice);
          const b = withLayout([...batchB, k, n], dtype, lb, values.slice(7), choice >> 1);
          setBackend(jsBackend);
          const want = a.matmul(b);
          setBackend(wasmBackend);
          const got = a.matmul(b);
          expect(got.shape).toEqual(want.shape);
          // These values are multiples of 1/4 below 3 in magnitude: every partial sum is exact in
          // float32, so here the two backends must agree exactly.
          expect(got.toTypedArray()).toEqual(want.toTypedArray());
        },
      ),
      { numRuns: 60 },
    );
  });

  test('backward-style products (Aᵀ·B and A·Bᵀ of large views) equal the JavaScript backend', () => {
    const x = randn([300, 70]);
    const g = randn([300, 90]);
    const w = randn([90, 70]);
    for (const [left, right] of [
      [x.t(), g], // weight gradient: xᵀ·g
      [g, w], // input gradient: g·w
      [x, w.t()], // forward: x·wᵀ
    ] as const) {
      setBackend(jsBackend);
      const want = left.matmul(right);
      setBackend(wasmBackend);
      const got = left.matmul(right);
      const k = left.shape[1]!;
      const scale = left.abs().matmul(right.abs());
      const tolerance = scale.mul((k + 2) * 2 ** -24);
      expect(
        got
          .sub(want)
          .abs()
          .le(tolerance)
          .toTypedArray()
          .every((v) => v === 1),
      ).toBe(true);
    }
  });
});

// ---- element-wise ----

/** float32 values including the awkward ones: ±0, ±inf, NaN, subnormals, the extremes. */
const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38, 1, -1];
const float32Arb = fc.oneof(
  { arbitrary: fc.float({ noDefaultInfinity: false }), weight: 6 },
  { arbitrary: fc.constantFrom(...SPECIAL), weight: 1 },
);

// Lengths around the vector width (4) and the piece the driver copies at a time (16384).
const lengthArb = fc.oneof(fc.integer({ min: 0, max: 41 }), fc.constantFrom(16383, 16384, 16385, 40_003));

function fill(n: number, seed: readonly number[]): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = seed[(i * 7919) % seed.length]!;
  return out;
}

/** Element i of `got` and `want` are the same float32 (NaNs count as equal, -0 ≠ 0). */
function expectSameFloats(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  const differ = mismatches(
    got.length,
    (i) => Object.is(got[i], want[i]),
    (i) => `element ${i}: ${got[i]} vs ${want[i]}`,
  );
  expect(differ).toEqual([]);
}

describe('element-wise', () => {
  test('add/sub/mul/div store the same bits as the JavaScript loops (same-shape, offsets, in place)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 3),
        lengthArb,
        fc.array(float32Arb, { minLength: 1, maxLength: 64 }),
        fc.array(float32Arb, { minLength: 1, maxLength: 64 }),
        fc.nat(3),
        fc.boolean(),
        (op, n, xs, ys, offset, inPlace) => {
          const a = fill(n + offset, xs);
          const b = fill(n + 1, ys);
          const want = new Float32Array(n + offset);
          jsBackend.binary(op, want, offset, a, offset, b, 1, n);
          const got = inPlace ? a.slice() : new Float32Array(n + offset);
          wasmBackend.binary(op, got, offset, inPlace ? got : a, offset, b, 1, n);
          expectSameFloats(got.subarray(offset), want.subarray(offset));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('with a scalar on either side they store the same bits as the JavaScript loops', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 3),
        lengthArb,
        fc.array(float32Arb, { minLength: 1, maxLength: 64 }),
        float32Arb,
        fc.boolean(),
        (op, n, xs, scalar, scalarOnLeft) => {
          const a = fill(n, xs);
          const s = Math.fround(scalar);
          const want = new Float32Array(n);
          const got = new Float32Array(n);
          jsBackend.binaryScalar(op, want, 0, a, 0, s, n, scalarOnLeft);
          wasmBackend.binaryScalar(op, got, 0, a, 0, s, n, scalarOnLeft);
          expectSameFloats(got, want);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('relu stores the same bits as the JavaScript loop (NaN, ±0, ±inf included)', () => {
    fc.assert(
      fc.property(lengthArb, fc.array(float32Arb, { minLength: 1, maxLength: 64 }), fc.nat(3), (n, xs, offset) => {
        const a = fill(n + offset, xs);
        const want = new Float32Array(n + offset);
        const got = new Float32Array(n + offset);
        jsBackend.relu(want, offset, a, offset, n);
        wasmBackend.relu(got, offset, a, offset, n);
        expectSameFloats(got, want);
      }),
      { numRuns: 150 },
    );
    const special = new Float32Array([NaN, -0, 0, Infinity, -Infinity, -1e-45, 1e-45, -3.4e38, 3.4e38]);
    const got = new Float32Array(special.length);
    wasmBackend.relu(got, 0, special, 0, special.length);
    expect(Array.from(got)).toEqual([NaN, 0, 0, Infinity, 0, 0, 1e-45, 0, 3.4e38].map(Math.fround));
  });

  test("relu's gradient stores the same bits as the JavaScript loop (NaN, ±0, ±inf in both operands)", () => {
    fc.assert(
      fc.property(
        lengthArb,
        fc.array(float32Arb, { minLength: 1, maxLength: 64 }),
        fc.array(float32Arb, { minLength: 1, maxLength: 64 }),
        fc.nat(3),
        (n, gs, rs, offset) => {
          const grad = fill(n + offset, gs);
          const result = fill(n + 1, rs);
          const want = new Float32Array(n);
          const got = new Float32Array(n);
          jsBackend.reluBackward(want, grad, offset, result, 1, n);
          wasmBackend.reluBackward(got, grad, offset, result, 1, n);
          expectSameFloats(got, want);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('overlapping operands at different offsets keep the JavaScript loop semantics', () => {
    const data = fill(20_001, [1, 2, 3, 4.5, -7]);
    const reference = data.slice();
    jsBackend.binary(0, reference, 1, reference, 0, reference, 1, 20_000);
    wasmBackend.binary(0, data, 1, data, 0, data, 1, 20_000);
    expectSameFloats(data, reference);
  });

  test('tensor ops routed to the backend equal the JavaScript backend (float32 contiguous only)', () => {
    const x = randn([130, 129]);
    const y = randn([130, 129]);
    const row = randn([129]);
    const cases: (() => NDArray)[] = [
      () => x.add(y),
      () => x.relu(),
      () => x.sub(y.t().t()),
      () => x.mul(2.5),
      () => x.div(0.1), // 0.1 is not a float32: promoted to float32(0.1) first, as PyTorch does
      () => x.rsub(1),
      () => x.rdiv(3),
      () => x.add(row),
      () => x.div(tensor(3)),
      () => tensor(3).sub(x),
      () => x.clone().mul_(y),
      () => x.clone().div_(1.5),
      () => x.clone().add_(y.to('float64')),
      () => x.t().add(y.t()),
      () => x.to('float64').mul(y.to('float64')),
    ];
    for (const make of cases) {
      setBackend(jsBackend);
      const want = make();
      setBackend(wasmBackend);
      const got = make();
      expect(got.dtype).toBe(want.dtype);
      expect(got.shape).toEqual(want.shape);
      expect(got.toTypedArray()).toEqual(want.toTypedArray());
    }
  });
});

// ---- sums ----

describe('sum', () => {
  test('whole-array and column sums equal the JavaScript loops (columns bit for bit)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(16383, 16385, 40_000)),
        fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(16383, 16385)),
        fc.array(fc.float({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.nat(3),
        (outer, reduced, inner, values, offset) => {
          fc.pre(outer * reduced * inner <= 200_000);
          const x = fill(offset + outer * reduced * inner, values);
          const want = new Float64Array(outer * inner);
          const got = new Float64Array(outer * inner).fill(NaN);
          jsBackend.sum(x, offset, outer, reduced, inner, want);
          wasmBackend.sum(x, offset, outer, reduced, inner, got);
          if (inner > 1) {
            expect(got).toEqual(want);
            return;
          }
          const bound = (o: number) => {
            let magnitude = 0;
            for (let r = 0; r < reduced; r++) magnitude += Math.abs(x[offset + o * reduced + r]!);
            return (reduced + 2) * 2 ** -53 * magnitude;
          };
          const outside = mismatches(
            outer,
            (o) => Math.abs(got[o]! - want[o]!) <= bound(o),
            (o) => `row ${o}: ${got[o]} vs ${want[o]}`,
          );
          expect(outside).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });

  test('NaN and infinities propagate as in the JavaScript loops', () => {
    const x = fill(50_000, [1, 2, 3]);
    for (const [special, expected] of [
      [NaN, NaN],
      [Infinity, Infinity],
      [-Infinity, -Infinity],
    ] as const) {
      const y = x.slice();
      y[33_333] = special;
      const got = new Float64Array(1);
      wasmBackend.sum(y, 0, 1, y.length, 1, got);
      expect(got[0]).toBe(expected);
    }
  });

  test('tensor sums and means equal the JavaScript backend', () => {
    const x = randn([70, 300]);
    for (const make of [
      () => x.sum(),
      () => x.sum(0),
      () => x.sum(1, true),
      () => x.mean(0),
      () => x.t().sum(1),
      () => x.reshape([7, 10, 300]).sum([0, 1]),
    ]) {
      setBackend(jsBackend);
      const want = make();
      setBackend(wasmBackend);
      const got = make();
      expect(got.shape).toEqual(want.shape);
      const w = want.toTypedArray();
      const g = got.toTypedArray();
      const outside = mismatches(
        w.length,
        (i) => Math.abs(g[i]! - w[i]!) <= 2 ** -20 * (1 + Math.abs(w[i]!)),
        (i) => `element ${i}: ${g[i]} vs ${w[i]}`,
      );
      expect(outside).toEqual([]);
    }
  });
});

test('memory growth re-creates the views: calls before and after a large one stay correct', () => {
  setBackend(wasmBackend);
  const small = randn([5000]);
  const before = small.sum().item();
  const big = randn([700, 700]);
  big.matmul(big); // grows the module's memory well past its first size
  expect(small.sum().item()).toBe(before);
  const x = randn([20_000]);
  setBackend(jsBackend);
  const want = x.mul(x).toTypedArray();
  setBackend(wasmBackend);
  expect(x.mul(x).toTypedArray()).toEqual(want);
});

describe('exp', () => {
  /** Float32 bits apart: 0 when equal, 1 for neighbours (NaN equals NaN). */
  function ulps(x: number, y: number): number {
    if (Number.isNaN(x) && Number.isNaN(y)) return 0;
    if (x === y) return 0;
    const bits = new Int32Array(new Float32Array([x, y]).buffer);
    return Math.abs(bits[0]! - bits[1]!);
  }

  test('agrees with Math.exp rounded to float32, to the bit on ordinary values and within 1 ulp always', () => {
    const values = new Float32Array(200_003);
    const special = [
      0,
      -0,
      1,
      -1,
      88.72,
      88.73,
      -87.3,
      -103.9,
      -104,
      200,
      -200,
      Infinity,
      -Infinity,
      NaN,
      1e-30,
      -1e-30,
    ];
    values.set(special);
    for (let i = special.length; i < values.length; i++) values[i] = (Math.random() - 0.5) * (i % 2 ? 40 : 220);
    const fast = new Float32Array(values.length);
    const reference = new Float32Array(values.length);
    wasmBackend.exp!(fast, 0, values, 0, values.length);
    jsBackend.exp!(reference, 0, values, 0, values.length);
    const far = mismatches(
      values.length,
      (i) => ulps(fast[i]!, reference[i]!) <= 1,
      (i) => `exp(${values[i]}): ${fast[i]} vs ${reference[i]}`,
    );
    expect(far).toEqual([]);
    let differing = 0;
    for (let i = 0; i < values.length; i++) if (ulps(fast[i]!, reference[i]!) > 0) differing++;
    expect(differing / values.length).toBeLessThan(1e-4);
    expect(Array.from(fast.subarray(0, special.length))).toEqual(Array.from(reference.subarray(0, special.length)));
  });

  test('tensor exp is routed to the backend for large float32 arrays and equals the JavaScript backend', () => {
    const x = randn([3000]).mul(10);
    let calls = 0;
    setBackend({ ...wasmBackend, exp: (...args) => (calls++, wasmBackend.exp!(...args)) });
    const fast = x.exp().toArray();
    expect(calls).toBe(1);
    setBackend(jsBackend);
    expect(fast).toEqual(x.exp().toArray());
  });
});
