import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DTypeError, ShapeError, tensor, type BinaryOpName, type DType, type NDArray } from '../index.js';
import {
  allIndices,
  arrayArb,
  broadcastableTo,
  broadcastGet,
  broadcastShape,
  DTYPES,
  positionsOf,
  shapeArb,
  stored,
  valueArb,
  valuesOf,
  withLayout,
  type Layout,
} from '../testing.test-util.js';

// What each op computes on two numbers; the dtype rules have their own test (promotion.test.ts).
const REFERENCE: Record<BinaryOpName, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => Math.pow(x, y),
  maximum: (x, y) => Math.max(x, y),
  minimum: (x, y) => Math.min(x, y),
  eq: (x, y) => Number(x === y),
  ne: (x, y) => Number(x !== y),
  lt: (x, y) => Number(x < y),
  le: (x, y) => Number(x <= y),
  gt: (x, y) => Number(x > y),
  ge: (x, y) => Number(x >= y),
  rsub: (x, y) => y - x,
  rdiv: (x, y) => y / x,
};
const OPS = Object.keys(REFERENCE) as BinaryOpName[];

// A floating tensor to these number powers runs PyTorch's dedicated kernels, not pow.
const POW_SCALAR: Record<number, (x: number) => number> = {
  0.5: Math.sqrt,
  2: (x) => x * x,
  3: (x) => x * x * x,
  [-0.5]: (x) => 1 / Math.sqrt(x),
  [-1]: (x) => 1 / x,
  [-2]: (x) => 1 / (x * x),
};

/** The result the op must give, element by element through `get`. */
function expected(op: BinaryOpName, a: NDArray, b: NDArray | number, dtype: DType): number[] {
  const shape = typeof b === 'number' ? a.shape : broadcastShape(a.shape, b.shape);
  const special = op === 'pow' && typeof b === 'number' && dtype.startsWith('float') ? POW_SCALAR[b] : undefined;
  return allIndices(shape).map((i) => {
    const y = typeof b === 'number' ? b : broadcastGet(b, i);
    return stored(special ? special(broadcastGet(a, i)) : REFERENCE[op](broadcastGet(a, i), y), dtype);
  });
}

const boolSubtraction = (op: BinaryOpName, a: NDArray, b: NDArray) =>
  (op === 'sub' || op === 'rsub') && a.dtype === 'bool' && b.dtype === 'bool';

/** Two operands of broadcast-compatible shapes (ranks 0-4, dims 0-4), any dtype and layout. */
const operandsArb = shapeArb().chain((out) => {
  const operand = fc.oneof(fc.constant(out), broadcastableTo(out)).chain((shape) => arrayArb(shape));
  return fc.tuple(operand, operand);
});

describe('broadcasting binary ops', () => {
  test.each(OPS)('%s matches the element-by-element reference for any shapes, dtypes and layouts', (op) => {
    fc.assert(
      fc.property(operandsArb, ([a, b]) => {
        const before = [valuesOf(a), valuesOf(b)];
        if (boolSubtraction(op, a, b)) {
          expect(() => a[op](b)).toThrow(DTypeError);
          return;
        }
        const out = a[op](b);
        expect(out.shape).toEqual(broadcastShape(a.shape, b.shape));
        expect(out.isContiguous).toBe(true);
        expect(valuesOf(out)).toEqual(expected(op, a, b, out.dtype));
        expect([valuesOf(a), valuesOf(b)]).toEqual(before);
      }),
      { numRuns: 30 },
    );
  });

  test.each(OPS)('%s with a JS number matches the reference', (op) => {
    fc.assert(
      fc.property(shapeArb().chain(arrayArb), valueArb, (a, s) => {
        if (op === 'pow' && a.dtype !== 'float32' && a.dtype !== 'float64' && Number.isInteger(s) && s < 0) {
          expect(() => a.pow(s)).toThrow(DTypeError);
          return;
        }
        const out = a[op](s);
        expect(out.shape).toEqual(a.shape);
        expect(valuesOf(out)).toEqual(expected(op, a, s, out.dtype));
      }),
      { numRuns: 20 },
    );
  });

  // Shapes chosen so each flat fast path of ops/binary.ts runs on contiguous operands, and the
  // strided ndarray-ops path (or its materialising fallback) on the same values laid out otherwise.
  const PATHS: [string, number[], number[]][] = [
    ['same shape (flat loop)', [3, 4], [3, 4]],
    ['numel-1 right operand', [3, 4], [1, 1]],
    ['0-d right operand', [2, 3], []],
    ['numel-1 left operand', [1], [2, 3]],
    ['trailing row on the right', [2, 3, 4], [3, 4]],
    ['trailing row with leading 1s', [2, 3, 4], [1, 1, 4]],
    ['trailing row of size-1 dims', [2, 3, 1], [3, 1]],
    ['trailing row on the left', [4], [2, 3, 4]],
    ['middle broadcast (strided only)', [2, 3, 4], [3, 1]],
    ['both broadcast (strided only)', [3, 1], [1, 4]],
    ['empty', [0, 3], [3]],
  ];
  const layouts: Layout[] = ['contiguous', 'permuted', 'strided', 'expanded'];
  const values = [1.5, -2, 0.5, 3, -0.5, 2, 0, 4, -3, 1, 2.5, -1];

  describe.each(PATHS)('%s: %j op %j', (_name, aShape, bShape) => {
    test.each(OPS)('%s agrees across layouts', (op) => {
      for (const dtypes of [
        ['float32', 'float32'],
        ['int32', 'float64'],
      ] as const) {
        const results = layouts.map((layout) => {
          const a = withLayout(aShape, dtypes[0], layout, values, 3);
          const b = withLayout(bShape, dtypes[1], layout === 'expanded' ? 'permuted' : layout, values.slice(5), 2);
          const out = a[op](b);
          expect(valuesOf(out)).toEqual(expected(op, a, b, out.dtype));
          return { dtype: out.dtype, values: valuesOf(out) };
        });
        for (const r of results.slice(1)) expect(r.dtype).toBe(results[0]!.dtype);
      }
    });
  });
});

const IN_PLACE = ['add', 'sub', 'mul', 'div', 'pow'] as const;
const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/** Whether `target.op_(other)` must refuse: its result dtype would not fit the target's. */
function cannotCast(op: (typeof IN_PLACE)[number], target: DType, other: DType): boolean {
  if (op === 'sub' && target === 'bool' && other === 'bool') return true;
  const result = op === 'div' ? 2 : op === 'pow' ? Math.max(CATEGORY[target], CATEGORY[other], 1) : 0;
  return Math.max(result, CATEGORY[target], CATEGORY[other]) > CATEGORY[target];
}

describe('in-place binary ops', () => {
  const targetArb = shapeArb().chain((shape) =>
    fc.tuple(
      fc
        .tuple(fc.constantFrom<Layout>('contiguous', 'permuted', 'strided'), fc.nat(63), fc.constantFrom(...DTYPES))
        .map(([layout, choice, dtype]) => withLayout(shape, dtype, layout, [2, -1.5, 0.5, 3, -2], choice)),
      broadcastableTo(shape).chain((s) => arrayArb(s)),
    ),
  );

  test.each(IN_PLACE)('%s_ writes into any (non-contiguous) target through its storage', (op) => {
    fc.assert(
      fc.property(targetArb, ([target, other]) => {
        const method = `${op}_` as const;
        const snapshot = Array.from(target.storage.data);
        const version = target.storage.version;
        if (cannotCast(op, target.dtype, other.dtype)) {
          expect(() => target[method](other)).toThrow(DTypeError);
          expect(Array.from(target.storage.data)).toEqual(snapshot);
          return;
        }
        if (
          target.dtype === 'int32' &&
          expected(op, target, other, 'float64').some((v) => Number.isFinite(v) && (v < -(2 ** 31) || v > 2 ** 31 - 1))
        ) {
          // int32 stands in for int64: an overflow is an error that leaves the target alone (int32.test.ts).
          expect(() => target[method](other)).toThrow(DTypeError);
          expect(Array.from(target.storage.data)).toEqual(snapshot);
          return;
        }
        const want = expected(op, target, other, target.dtype);
        expect(target[method](other)).toBe(target);
        expect(valuesOf(target)).toEqual(want);
        expect(target.storage.version).toBe(version + 1);
        // Elements of the storage outside the view are untouched.
        const written = new Set(positionsOf(target));
        snapshot.forEach((v, p) => {
          if (!written.has(p)) expect(target.storage.data[p]).toBe(v);
        });
      }),
      { numRuns: 30 },
    );
  });

  test('the other operand must broadcast to the target shape', () => {
    const target = withLayout([3], 'float32', 'contiguous', [1]);
    const other = withLayout([2, 3], 'float32', 'contiguous', [1]);
    expect(() => target.add_(other)).toThrow(ShapeError);
    expect(() => target.add_(other)).toThrow(/add_: .*\[3\].*\[2, 3\]/);
  });
});

describe('pow with a number exponent', () => {
  // PyTorch runs sqrt, x·x, x·x·x, 1/sqrt, 1/x and 1/(x·x) for these exponents, not C's pow.
  test.each(['float32', 'float64'] as const)('special exponents give PyTorch’s special values (%s)', (dtype) => {
    const x = tensor([-Infinity, Infinity, -1, -0, 0, 4, NaN], { dtype });
    const same = (got: NDArray, want: number[]) =>
      expect(valuesOf(got).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(
        want.map((v) => (Object.is(v, -0) ? '-0' : v)),
      );
    same(x.pow(0.5), [NaN, Infinity, NaN, -0, 0, 2, NaN]);
    same(x.pow(-0.5), [NaN, 0, NaN, -Infinity, Infinity, 0.5, NaN]);
    same(x.pow(2), [Infinity, Infinity, 1, 0, 0, 16, NaN]);
    same(x.pow(3), [-Infinity, Infinity, -1, -0, 0, 64, NaN]);
    same(x.pow(-1), [-0, 0, -1, -Infinity, Infinity, 0.25, NaN]);
    same(x.pow(-2), [0, 0, 1, Infinity, Infinity, 0.0625, NaN]);
    same(x.pow(0), [1, 1, 1, 1, 1, 1, 1]);
    same(x.clone().pow_(0.5), [NaN, Infinity, NaN, -0, 0, 2, NaN]);
    // A tensor exponent goes through pow, as PyTorch's pow(Tensor, Tensor) does.
    same(x.pow(tensor(0.5, { dtype })), [Infinity, Infinity, NaN, 0, 0, 2, NaN]);
  });
});
