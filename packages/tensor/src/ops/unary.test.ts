import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DTypeError, tensor, ValueError, type DType, type NDArray, type UnaryOpName } from '../index.js';
import { arrayArb, shapeArb, stored, valuesOf, withLayout } from '../testing.test-util.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const REFERENCE = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x) => +(x > 0) - +(x < 0), // PyTorch's: NaN and -0 give 0
  relu: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  sigmoid,
  tanh: Math.tanh,
} satisfies Partial<Record<UnaryOpName, (x: number) => number>>;
const OPS = Object.keys(REFERENCE) as (keyof typeof REFERENCE)[];
const IN_PLACE: Partial<Record<UnaryOpName, (a: NDArray) => NDArray>> = {
  neg: (a) => a.neg_(),
  exp: (a) => a.exp_(),
  log: (a) => a.log_(),
  sqrt: (a) => a.sqrt_(),
  abs: (a) => a.abs_(),
  relu: (a) => a.relu_(),
  sigmoid: (a) => a.sigmoid_(),
  tanh: (a) => a.tanh_(),
};
const FLOAT_RESULT = new Set(['exp', 'log', 'log1p', 'sqrt', 'sigmoid', 'tanh']);
const NO_BOOL = new Set(['neg', 'abs', 'relu']);

function expectClose(actual: number[], want: number[], dtype: DType) {
  expect(actual).toHaveLength(want.length);
  actual.forEach((v, i) => {
    const w = want[i]!;
    if (Number.isNaN(w) || !Number.isFinite(w)) expect(v).toBe(stored(w, dtype));
    else expect(Math.abs(v - w)).toBeLessThanOrEqual(dtype === 'float32' ? 1e-6 * Math.max(1, Math.abs(w)) : 1e-15);
  });
}

describe('unary ops', () => {
  test.each(OPS)('%s matches Math element-wise for any dtype and layout, in place too', (op) => {
    fc.assert(
      fc.property(
        shapeArb().chain((s) => arrayArb(s)),
        (a) => {
          if (NO_BOOL.has(op) && a.dtype === 'bool') {
            expect(() => a[op]()).toThrow(`${op}: not supported for bool tensors`);
            return;
          }
          const out = a[op]();
          const dtype = FLOAT_RESULT.has(op) && (a.dtype === 'int32' || a.dtype === 'bool') ? 'float32' : a.dtype;
          expect(out.dtype).toBe(dtype);
          expect(out.shape).toEqual(a.shape);
          expectClose(valuesOf(out), valuesOf(a).map(REFERENCE[op]), dtype);
          const inPlace = IN_PLACE[op];
          if (inPlace === undefined) return;
          if (dtype !== a.dtype) {
            expect(() => inPlace(a)).toThrow(DTypeError);
          } else if (!a.shape.some((d, i) => d > 1 && a.strides[i] === 0)) {
            const version = a.storage.version;
            expect(inPlace(a)).toBe(a);
            expect(valuesOf(a)).toEqual(valuesOf(out));
            expect(a.storage.version).toBe(version + 1);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('special values follow PyTorch', () => {
    expect(tensor([-0, 0, NaN, -2, Infinity, -Infinity]).sign().toArray()).toEqual([0, 0, 0, -1, 1, -1]);
    expect(Object.is(tensor([-0]).sign().item(), 0)).toBe(true);
    expect(tensor([NaN, -1, 2, -Infinity, Infinity]).relu().toArray()).toEqual([NaN, 0, 2, 0, Infinity]);
    expect(tensor([-Infinity, NaN, -3, 1e308], { dtype: 'float64' }).relu().toArray()).toEqual([0, NaN, 0, 1e308]);
    expect(tensor([-Infinity, NaN, -3]).relu_().toArray()).toEqual([0, NaN, 0]);
    expect(tensor([-1000, 1000], { dtype: 'float64' }).sigmoid().toArray()).toEqual([0, 1]);
    expect(tensor([true, false]).sign().toArray()).toEqual([1, 0]);
    expect(tensor([true, false]).sign().dtype).toBe('bool');
    expect(tensor([true, false]).exp().dtype).toBe('float32');
    expect(tensor([-1, 0], { dtype: 'int32' }).sqrt().toArray()).toEqual([NaN, 0]);
    expect(tensor([-3, 4], { dtype: 'int32' }).abs().dtype).toBe('int32');
  });
});

describe('clamp', () => {
  test('clamps, keeps NaN, and needs at least one bound', () => {
    const a = withLayout([2, 3], 'float32', 'permuted', [-2, -0.5, 0, 0.5, 2, NaN]);
    expect(valuesOf(a.clamp(-1, 1))).toEqual(
      valuesOf(a).map((x) => (Number.isNaN(x) ? x : Math.min(Math.max(x, -1), 1))),
    );
    expect(valuesOf(a.clamp(null, 0))).toEqual(valuesOf(a).map((x) => (x > 0 ? 0 : x)));
    expect(valuesOf(a.clamp(0))).toEqual(valuesOf(a).map((x) => (x < 0 ? 0 : x)));
    expect(() => a.clamp()).toThrow(ValueError);
    expect(() => a.clamp(null, null)).toThrow('clamp: at least one of min or max must not be null');
    expect(() => tensor([true]).clamp(0, 1)).toThrow(DTypeError);
  });

  test('with min > max every element is max, as PyTorch computes min(max(x, min), max)', () => {
    expect(tensor([-1, 1.5, 3, NaN]).clamp(2, 1).toArray()).toEqual([1, 1, 1, NaN]);
    expect(tensor([-1, 1.5, 3]).clamp_(2, 1).toArray()).toEqual([1, 1, 1]);
  });

  test('fractional bounds promote an int32 input to float32, as in PyTorch', () => {
    const int = tensor([1, 2, 3], { dtype: 'int32' });
    expect(int.clamp(0.5, 2.5).dtype).toBe('float32');
    expect(int.clamp(0.5, 2.5).toArray()).toEqual([1, 2, 2.5]);
    expect(int.clamp(2).dtype).toBe('int32');
    expect(int.clamp(null, 2).toArray()).toEqual([1, 2, 2]);
    expect(() => int.clamp_(null, 2.5)).toThrow(DTypeError);
    expect(int.clamp_(2, 2).toArray()).toEqual([2, 2, 2]);
  });
});
