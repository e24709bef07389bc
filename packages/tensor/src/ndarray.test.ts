import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { arange, IndexError, ShapeError, tensor, ValueError, zeros, type NDArray } from './index.js';
import { allIndices, arrayArb, positionsOf, shapeArb, valuesOf } from './testing.test-util.js';

const DTYPE = ['float64'] as const;

/** A shape with the same element count: the prime factors of `shape` regrouped, with 1s. */
const reshapeTargetArb = (shape: readonly number[]) => {
  const factors = shape.flatMap((d) => (d === 4 ? [2, 2] : [d]));
  return fc
    .tuple(fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.nat(6), fc.boolean())
    .map(([merge, ones, infer]) => {
      const target: number[] = [];
      factors.forEach((f, i) => {
        if (i > 0 && merge[i % 8]) target[target.length - 1]! *= f;
        else target.push(f);
      });
      target.splice(ones % (target.length + 1), 0, ...(ones > 3 ? [1] : []));
      if (infer && target.length > 0 && !shape.includes(0)) target[ones % target.length] = -1;
      return target;
    });
};

/** Oracle for `view`: some strides read the same storage positions in the target's row-major order. */
function viewable(a: NDArray, target: readonly number[]): boolean {
  const positions = positionsOf(a);
  if (positions.length === 0) return true;
  const contiguous = target.map((_, k) => target.slice(k + 1).reduce((p, d) => p * d, 1));
  const strides = target.map((d, k) => (d > 1 ? positions[contiguous[k]!]! - positions[0]! : 0));
  return allIndices(target).every(
    (index, j) => positions[j] === index.reduce((p, i, k) => p + i * strides[k]!, positions[0]!),
  );
}

describe('reshape and view', () => {
  test('reshape keeps the row-major values; view succeeds exactly when strides can express the shape', () => {
    const caseArb = shapeArb()
      .chain((shape) => fc.tuple(arrayArb(shape, DTYPE), reshapeTargetArb(shape)))
      .filter(([a, target]) => a.size > 0 || !target.includes(-1));
    fc.assert(
      fc.property(caseArb, ([a, target]) => {
        const resolved = target.map((d) =>
          d === -1 ? a.size / target.reduce((p, x) => (x === -1 ? p : p * x), 1) : d,
        );
        const reshaped = a.reshape(target);
        expect(reshaped.shape).toEqual(resolved);
        expect(valuesOf(reshaped)).toEqual(valuesOf(a));
        if (viewable(a, resolved)) {
          const view = a.view(target);
          expect(view.storage).toBe(a.storage);
          expect(valuesOf(view)).toEqual(valuesOf(a));
          expect(reshaped.storage).toBe(a.storage);
        } else {
          expect(() => a.view(target)).toThrow(ShapeError);
          expect(reshaped.storage).not.toBe(a.storage);
          expect(reshaped.isContiguous).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('view splits and merges dims of a transposed array where PyTorch allows it', () => {
    const t = arange(24, undefined, 1, { dtype: 'float32' }).reshape([4, 6]).t(); // [6, 4], strides [1, 6]
    expect(t.view([3, 2, 4]).strides).toEqual([2, 1, 6]);
    expect(t.view([6, 2, 2]).strides).toEqual([1, 12, 6]);
    expect(t.view([1, 6, 1, 4]).shape).toEqual([1, 6, 1, 4]);
    expect(() => t.view([24])).toThrow(
      'view: shape [24] is not compatible with input of shape [6, 4] and strides [1, 6] (at least one dimension spans across two contiguous subspaces). Use reshape instead.',
    );
    expect(valuesOf(t.reshape([24]))).toEqual(valuesOf(t));
    // A size-1 dim does not split a chunk, whatever its stride (here 24 after a step-2 slice).
    const odd = arange(24).reshape([2, 1, 3, 4]).slice(3, 0, undefined, 2).slice(1, 0, 1, 2);
    expect(odd.strides).toEqual([12, 24, 4, 2]);
    expect(odd.view([12]).strides).toEqual([2]);
    expect(odd.view([6, 2]).strides).toEqual([4, 2]);
  });

  test('reshape errors name the shape and the size', () => {
    const a = zeros([2, 3]);
    expect(() => a.reshape([4, 2])).toThrow('reshape: shape [4, 2] is invalid for input of size 6');
    expect(() => a.reshape([-1, -1])).toThrow('reshape: only one dimension can be inferred, got [-1, -1]');
    expect(() => a.reshape([4, -1])).toThrow(ShapeError);
    expect(() => a.view([-2, 3])).toThrow(ValueError);
    expect(zeros([0, 3]).reshape([3, 0, 5]).shape).toEqual([3, 0, 5]);
  });

  test('flatten merges a range of dims (a 0-d array becomes [1])', () => {
    const a = arange(24).reshape([2, 3, 4]);
    expect(a.flatten().shape).toEqual([24]);
    expect(a.flatten(1).shape).toEqual([2, 12]);
    expect(a.flatten(0, 1).shape).toEqual([6, 4]);
    expect(a.flatten(-2, -1).shape).toEqual([2, 12]);
    expect(valuesOf(a.permute([2, 0, 1]).flatten())).toEqual(valuesOf(a.permute([2, 0, 1])));
    expect(tensor(5).flatten().shape).toEqual([1]);
    expect(tensor(5).flatten(-1, 0).shape).toEqual([1]);
    expect(() => tensor(5).flatten(-5, -5)).toThrow(IndexError);
    expect(() => a.flatten(2, 1)).toThrow(ValueError);
  });
});

/** The indices Python's `range(size)[start:end:step]` picks (step > 0). */
function pythonRange(size: number, start: number, end: number, step: number): number[] {
  const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const out: number[] = [];
  for (let i = clamp(start); i < clamp(end); i += step) out.push(i);
  return out;
}

describe('view ops read the base through index arithmetic', () => {
  const baseArb = shapeArb(1, 4).chain((shape) => arrayArb(shape, DTYPE));

  test('permute and transpose', () => {
    fc.assert(
      fc.property(
        baseArb.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray([...a.shape.keys()], { minLength: a.ndim }))),
        ([a, dims]) => {
          const p = a.permute(dims);
          expect(p.storage).toBe(a.storage);
          expect(valuesOf(p)).toEqual(
            allIndices(p.shape).map((index) => {
              const source = new Array<number>(a.ndim);
              dims.forEach((d, k) => (source[d] = index[k]!));
              return a.get(...source);
            }),
          );
          const t = a.transpose(0, -1);
          expect(valuesOf(t)).toEqual(
            allIndices(t.shape).map((index) => {
              const source = index.slice();
              [source[0], source[a.ndim - 1]] = [index[a.ndim - 1]!, index[0]!];
              return a.get(...source);
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  test('narrow, slice (steps, negative bounds) and select', () => {
    const bound = fc.integer({ min: -6, max: 6 });
    fc.assert(
      fc.property(
        baseArb,
        fc.nat(3),
        bound,
        bound,
        fc.integer({ min: 1, max: 3 }),
        (a, dimChoice, start, end, step) => {
          const dim = dimChoice % a.ndim;
          const picks = pythonRange(a.shape[dim]!, start, end, step);
          const s = a.slice(dim, start, end, step);
          expect(s.shape[dim]).toBe(picks.length);
          expect(valuesOf(s)).toEqual(
            allIndices(s.shape).map((index) => {
              const source = index.slice();
              source[dim] = picks[index[dim]!]!;
              return a.get(...source);
            }),
          );
          const size = a.shape[dim]!;
          if (size > 0) {
            const begin = Math.abs(start) % size;
            const n = a.narrow(dim, begin, size - begin);
            expect(valuesOf(n)).toEqual(valuesOf(a.slice(dim, begin)));
            const sel = a.select(dim, -1);
            expect(sel.shape).toEqual(a.shape.filter((_, k) => k !== dim));
            expect(valuesOf(sel)).toEqual(valuesOf(a.narrow(dim, size - 1, 1)));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('squeeze, unsqueeze and expand', () => {
    fc.assert(
      fc.property(baseArb, fc.nat(4), (a, at) => {
        const d = at % (a.ndim + 1);
        const u = a.unsqueeze(d);
        expect(u.shape).toEqual([...a.shape.slice(0, d), 1, ...a.shape.slice(d)]);
        expect(valuesOf(u)).toEqual(valuesOf(a));
        expect(u.squeeze(d).shape).toEqual(a.shape);
        expect(valuesOf(a.squeeze())).toEqual(valuesOf(a));
        expect(a.squeeze().shape).toEqual(a.shape.filter((s) => s !== 1));
        const wide = a.unsqueeze(0).expand([3, ...a.shape.map((s) => (s === 1 ? 2 : -1))]);
        expect(valuesOf(wide)).toEqual(
          allIndices(wide.shape).map((index) => a.get(...index.slice(1).map((i, k) => (a.shape[k] === 1 ? 0 : i)))),
        );
      }),
      { numRuns: 60 },
    );
  });

  test('strides match PyTorch for unsqueeze and expand', () => {
    const a = zeros([2, 3]);
    expect(a.unsqueeze(0).strides).toEqual([6, 3, 1]);
    expect(a.unsqueeze(1).strides).toEqual([3, 3, 1]);
    expect(a.unsqueeze(2).strides).toEqual([3, 1, 1]);
    expect(a.t().unsqueeze(1).strides).toEqual([1, 6, 3]);
    expect(zeros([2, 1]).expand([3, 2, 4]).strides).toEqual([0, 1, 0]);
    expect(zeros([2, 1]).expand([3, 2, 4]).isContiguous).toBe(false);
    expect(() => zeros([2, 1]).expand([3, 4])).toThrow(
      'expand: the expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0. Target sizes: [3, 4]. Tensor sizes: [2, 1]',
    );
    expect(() => zeros([2]).expand([-1, 2])).toThrow(ShapeError);
    expect(() => zeros([1]).expand([-2])).toThrow(ShapeError);
  });

  test('t() transposes matrices and leaves vectors and 0-d arrays alone', () => {
    const m = arange(6).reshape([2, 3]);
    expect(m.t().toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(arange(3).t().toArray()).toEqual([0, 1, 2]);
    expect(tensor(7).t().item()).toBe(7);
    expect(tensor(7).transpose(0, -1).item()).toBe(7);
    expect(() => zeros([2, 2, 2]).t()).toThrow('t: expects a tensor with <= 2 dimensions, but got 3');
  });
});

describe('0-d arrays', () => {
  // PyTorch lets a 0-d tensor name dim 0 or -1, but there is nothing to select or slice along it.
  test('select, narrow and slice are IndexErrors, as in PyTorch', () => {
    const s = tensor(3);
    expect(() => s.select(0, 0)).toThrow(new IndexError('select() cannot be applied to a 0-dim tensor.'));
    expect(() => s.narrow(0, 0, 1)).toThrow(new IndexError('narrow() cannot be applied to a 0-dim tensor.'));
    expect(() => s.slice(0, 0, 1)).toThrow(new IndexError('slice() cannot be applied to a 0-dim tensor.'));
    expect(() => s.slice(-1)).toThrow(IndexError);
  });
});

describe('zero-size arrays', () => {
  test('copying into a zero-size view whose offset lies past the storage writes nothing', () => {
    const a = zeros([0, 3]);
    const view = a.narrow(1, 1, 2);
    expect(view.copy_(zeros([0, 2])).shape).toEqual([0, 2]);
    expect(a.storage.version).toBe(1);
  });
});

describe('shared storage', () => {
  test('writes through views land in the base and bump its storage version', () => {
    const base = arange(12, undefined, 1, { dtype: 'float32' }).reshape([3, 4]);
    const version = base.storage.version;
    base.t().select(0, 1).fill_(-1); // column 1
    expect(base.toArray()).toEqual([
      [0, -1, 2, 3],
      [4, -1, 6, 7],
      [8, -1, 10, 11],
    ]);
    expect(base.storage.version).toBe(version + 1);
    base.slice(1, 0, undefined, 2).narrow(0, 1, 2).mul_(10); // rows 1-2, even columns
    expect(base.toArray()).toEqual([
      [0, -1, 2, 3],
      [40, -1, 60, 7],
      [80, -1, 100, 11],
    ]);
    base.reshape([12]).set(99, -1);
    base.permute([1, 0]).unsqueeze(0).squeeze().set(5, 0, 0);
    base.expand([2, 3, 4]).select(0, 1).neg_();
    expect(base.get(2, 3)).toBe(-99);
    expect(base.get(0, 0)).toBe(-5);
    expect(base.storage.version).toBe(version + 5);
  });

  test('contiguous() and clone() copy; a contiguous array is its own contiguous()', () => {
    const base = arange(6, undefined, 1, { dtype: 'float32' }).reshape([2, 3]);
    expect(base.contiguous()).toBe(base);
    const t = base.t();
    const c = t.contiguous();
    expect(c.isContiguous).toBe(true);
    expect(c.storage).not.toBe(base.storage);
    expect(valuesOf(c)).toEqual(valuesOf(t));
    c.set(42, 0, 0);
    expect(base.get(0, 0)).toBe(0);
  });

  test('contiguity ignores the strides of size-1 dims, as PyTorch does', () => {
    expect(zeros([3, 1]).t().isContiguous).toBe(true);
    expect(zeros([1, 3]).t().isContiguous).toBe(true);
    expect(zeros([2, 3]).t().isContiguous).toBe(false);
    expect(zeros([0, 3]).t().isContiguous).toBe(true);
  });
});

describe('element access', () => {
  test('get/set accept negative indices and reject bad ones', () => {
    const a = arange(6).reshape([2, 3]);
    expect(a.get(-1, -1)).toBe(5);
    expect(() => a.get(2, 0)).toThrow(IndexError);
    expect(() => a.get(0, 3)).toThrow('get: index 3 is out of bounds for dimension 1 with size 3');
    expect(() => a.get(0)).toThrow('get: expected 2 indices for shape [2, 3], got 1');
    expect(() => a.set(1, 0.5, 0)).toThrow(IndexError);
  });

  test('item, toArray and toTypedArray', () => {
    expect(tensor([[2.5]]).item()).toBe(2.5);
    expect(() => zeros([2]).item()).toThrow('item: a tensor with 2 elements cannot be converted to a scalar');
    expect(tensor(3).toArray()).toBe(3);
    const t = arange(6, undefined, 1, { dtype: 'float64' }).reshape([2, 3]).t();
    expect(t.toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(Array.from(t.toTypedArray())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(t.toTypedArray()).toBeInstanceOf(Float64Array);
  });

  test('dimSize resolves negative dims', () => {
    const a = zeros([2, 3, 4]);
    expect(a.dimSize(-1)).toBe(4);
    expect(() => a.dimSize(3)).toThrow('size: dimension out of range (expected to be in range of [-3, 2], but got 3)');
  });
});
