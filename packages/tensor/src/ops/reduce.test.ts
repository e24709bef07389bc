import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DTypeError, IndexError, ShapeError, tensor, ValueError, zeros, type NDArray } from '../index.js';
import { allIndices, arrayArb, broadcastableTo, shapeArb, stored, valuesOf, withLayout } from '../testing.test-util.js';

/** A subset of `a`'s dims (each given as itself or as its negative alias) and keepdim. */
const reductionArb = shapeArb(1, 4)
  .chain((shape) => arrayArb(shape))
  .chain((a) =>
    fc.tuple(
      fc.constant(a),
      fc.subarray([...a.shape.keys()], { minLength: 1 }),
      fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      fc.boolean(),
    ),
  )
  .map(([a, dims, negative, keepdim]) => ({
    a,
    dims: dims.map((d) => (negative[d] ? d - a.ndim : d)),
    reduced: dims,
    keepdim,
  }));

/** The naive reduction: for each kept index, fold every element whose other coordinates vary. */
function naive(a: NDArray, reduced: readonly number[], keepdim: boolean, fold: (values: number[]) => number) {
  const kept = a.shape.map((d, i) => (reduced.includes(i) ? 1 : d));
  const shape = keepdim ? kept : a.shape.filter((_, i) => !reduced.includes(i));
  const values = allIndices(kept).map((index) =>
    fold(
      allIndices(a.shape)
        .filter((full) => full.every((k, i) => reduced.includes(i) || k === index[i]))
        .map((full) => a.get(...full)),
    ),
  );
  return { shape, values };
}

const total = (values: number[]) => values.reduce((s, v) => s + v, 0);

describe('sum and mean', () => {
  test('sum over any set of dims (negative, non-adjacent, keepdim) matches a naive loop', () => {
    fc.assert(
      fc.property(reductionArb, ({ a, dims, reduced, keepdim }) => {
        const out = a.sum(dims, keepdim);
        const want = naive(a, reduced, keepdim, total);
        expect(out.dtype).toBe(a.dtype === 'float32' || a.dtype === 'float64' ? a.dtype : 'int32');
        expect(out.shape).toEqual(want.shape);
        expect(valuesOf(out)).toEqual(want.values.map((v) => stored(v, out.dtype)));
      }),
      { numRuns: 100 },
    );
  });

  test('mean over any set of dims matches a naive loop', () => {
    const floatArb = reductionArb.filter(({ a }) => a.dtype === 'float32' || a.dtype === 'float64');
    fc.assert(
      fc.property(floatArb, ({ a, dims, reduced, keepdim }) => {
        const out = a.mean(dims, keepdim);
        const want = naive(a, reduced, keepdim, (v) => total(v) / v.length);
        expect(out.dtype).toBe(a.dtype);
        expect(out.shape).toEqual(want.shape);
        expect(valuesOf(out)).toEqual(want.values.map((v) => stored(v, a.dtype)));
      }),
      { numRuns: 80 },
    );
  });

  test('with no dim (or an empty list) every dim is reduced; keepdim keeps them as 1s', () => {
    const a = withLayout([2, 3, 4], 'float32', 'permuted', [1, 2, 3, 4, 5]);
    const sum = total(valuesOf(a));
    expect(a.sum().shape).toEqual([]);
    expect(a.sum().item()).toBe(sum);
    expect(a.sum([]).item()).toBe(sum);
    expect(a.sum(undefined, true).shape).toEqual([1, 1, 1]);
    expect(a.sum([0, 1, 2], true).shape).toEqual([1, 1, 1]);
    expect(a.sum([0, -1, 1], true).item()).toBe(sum);
    expect(a.mean(undefined, true).shape).toEqual([1, 1, 1]);
    expect(a.mean().item()).toBeCloseTo(sum / 24, 6);
    expect(tensor(4).sum(0).item()).toBe(4);
    expect(tensor(4).sum(-1, true).shape).toEqual([]);
  });

  test('integer and bool sums are int32; mean needs a floating dtype; empty mean is NaN', () => {
    expect(tensor([true, true, false]).sum().dtype).toBe('int32');
    expect(tensor([true, true, false]).sum().item()).toBe(2);
    expect(tensor([1, 2, 3], { dtype: 'int32' }).sum().dtype).toBe('int32');
    expect(() => tensor([1, 2], { dtype: 'int32' }).mean()).toThrow(
      'mean: could not infer output dtype; input dtype must be float32 or float64, got int32',
    );
    expect(() => tensor([true]).mean()).toThrow(DTypeError);
    expect(zeros([0]).sum().item()).toBe(0);
    expect(zeros([0]).mean().item()).toBeNaN();
    expect(zeros([2, 0]).mean(1).toArray()).toEqual([NaN, NaN]);
  });

  test('bad dims are rejected with the op named', () => {
    const a = zeros([2, 3]);
    expect(() => a.sum(2)).toThrow(IndexError);
    expect(() => a.sum(2)).toThrow('sum: dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => a.mean([0, -2])).toThrow(ValueError);
    expect(() => a.mean([0, -2])).toThrow('mean: dim [0, -2] appears multiple times in the list of dims');
  });

  test('a 0-d array accepts dims 0 and -1 only, as in PyTorch', () => {
    const s = tensor(3);
    expect(s.sum(0).item()).toBe(3);
    expect(s.mean(-1, true).shape).toEqual([]);
    expect(() => s.sum(6)).toThrow('sum: dimension out of range (expected to be in range of [-1, 0], but got 6)');
    expect(() => s.mean(-7)).toThrow(IndexError);
    expect(() => s.sum([0, -1])).toThrow(ValueError);
  });
});

/** PyTorch's max/min along a dim: the first NaN wins, otherwise the first extreme value. */
function firstExtreme(kind: 'max' | 'min', values: number[]): [number, number] {
  let best = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (Number.isNaN(v)) return [v, k];
    if (kind === 'max' ? v > values[best]! : v < values[best]!) best = k;
  }
  return [values[best]!, best];
}

describe('max, min, argmax, argmin', () => {
  const withNaNArb = shapeArb(1, 4)
    .filter((shape) => !shape.includes(0))
    .chain((shape) => fc.tuple(arrayArb(shape), fc.nat(3), fc.boolean(), fc.option(fc.nat(200), { nil: undefined })))
    .map(([a, dim, keepdim, nanAt]) => {
      if (nanAt !== undefined && (a.dtype === 'float32' || a.dtype === 'float64') && a.isContiguous) {
        a.storage.data[a.offset + (nanAt % a.size)] = NaN;
      }
      return { a, dim: dim % a.ndim, keepdim };
    });

  test.each(['max', 'min'] as const)('%s(dim) gives values and first-occurrence indices, NaN first', (kind) => {
    fc.assert(
      fc.property(withNaNArb, ({ a, dim, keepdim }) => {
        const { values, indices } = a[kind](dim, keepdim);
        const want = naive(a, [dim], keepdim, (v) => firstExtreme(kind, v)[0]);
        const wantIndex = naive(a, [dim], keepdim, (v) => firstExtreme(kind, v)[1]);
        expect(values.shape).toEqual(want.shape);
        expect(values.dtype).toBe(a.dtype);
        expect(indices.dtype).toBe('int32');
        expect(valuesOf(values)).toEqual(want.values);
        expect(valuesOf(indices)).toEqual(wantIndex.values);
        const arg = kind === 'max' ? a.argmax(dim, keepdim) : a.argmin(dim, keepdim);
        expect(valuesOf(arg)).toEqual(wantIndex.values);
        const flat = valuesOf(a);
        expect(a[kind]().item()).toEqual(firstExtreme(kind, flat)[0]);
        const all = kind === 'max' ? a.argmax() : a.argmin();
        expect(all.shape).toEqual([]);
        expect(all.item()).toBe(firstExtreme(kind, flat)[1]);
      }),
      { numRuns: 80 },
    );
  });

  test('concrete cases', () => {
    const a = tensor([
      [1, 5, 5],
      [7, 7, NaN],
    ]);
    expect(a.max(1).indices.toArray()).toEqual([1, 2]);
    expect(a.max(1).values.toArray()).toEqual([5, NaN]);
    expect(a.min(0, true).values.toArray()).toEqual([[1, 5, NaN]]);
    expect(a.max().item()).toBeNaN();
    expect(a.argmax(undefined, true).shape).toEqual([1, 1]);
    expect(a.argmax(undefined, true).item()).toBe(5);
    expect(tensor([3, 1, 3], { dtype: 'int32' }).argmax().item()).toBe(0);
    expect(tensor(2).max(0).values.shape).toEqual([]);
  });

  test('empty inputs need a non-empty reduced dim', () => {
    expect(() => zeros([0, 3]).max()).toThrow(ShapeError);
    expect(() => zeros([0, 3]).max()).toThrow('max: expected reduction dim to be specified for an empty input');
    expect(() => zeros([0, 3]).argmin(0)).toThrow(
      'argmin: cannot reduce over an empty dimension of tensor with shape [0, 3]',
    );
    expect(zeros([0, 3]).max(1).values.shape).toEqual([0]);
  });
});

describe('sumTo', () => {
  test('sums a broadcast back down to the original shape', () => {
    const caseArb = shapeArb()
      .chain((big) => fc.tuple(arrayArb(big), broadcastableTo(big)))
      .filter(([a]) => a.dtype !== 'bool');
    fc.assert(
      fc.property(caseArb, ([a, shape]) => {
        const out = a.sumTo(shape);
        expect(out.shape).toEqual(shape);
        const lead = a.ndim - shape.length;
        const want = allIndices(shape).map((index) =>
          total(
            allIndices(a.shape)
              .filter((full) => index.every((k, j) => shape[j] === 1 || full[j + lead] === k))
              .map((full) => a.get(...full)),
          ),
        );
        expect(valuesOf(out)).toEqual(want.map((v) => stored(v, out.dtype)));
      }),
      { numRuns: 100 },
    );
  });

  test('refuses shapes the input is not a broadcast of', () => {
    expect(() => zeros([2, 3]).sumTo([4, 2, 3])).toThrow('sumTo: cannot sum shape [2, 3] down to [4, 2, 3]');
    expect(() => zeros([2, 3]).sumTo([2])).toThrow(ShapeError);
    expect(zeros([2, 3]).sumTo([1, 1]).shape).toEqual([1, 1]);
    expect(zeros([2, 3]).sumTo([]).shape).toEqual([]);
  });
});
