import { describe, expect, test } from 'vitest';
import {
  defaultGenerator,
  DTypeError,
  Generator,
  manualSeed,
  normal,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  randperm,
  uniform,
  ValueError,
  zeros,
  type NDArray,
} from './index.js';
import { positionsOf, valuesOf } from './testing.test-util.js';

function stats(a: NDArray): { mean: number; std: number; min: number; max: number } {
  const v = Array.from(a.toTypedArray());
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...v), max: Math.max(...v) };
}

const N = 100_000;

describe('random arrays', () => {
  test('rand and uniform are uniform on [low, high)', () => {
    const u = rand([N], { generator: new Generator(1) });
    expect(u.dtype).toBe('float32');
    const s = stats(u);
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThan(1);
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(s.std - Math.sqrt(1 / 12))).toBeLessThan(0.01);
    const w = stats(uniform(-2, 5, [N], { dtype: 'float64', generator: new Generator(2) }));
    expect(w.min).toBeGreaterThanOrEqual(-2);
    expect(w.max).toBeLessThan(5);
    expect(Math.abs(w.mean - 1.5)).toBeLessThan(0.05);
  });

  test('randn and normal have the requested mean and std', () => {
    const z = stats(randn([N], { generator: new Generator(3) }));
    expect(Math.abs(z.mean)).toBeLessThan(0.02);
    expect(Math.abs(z.std - 1)).toBeLessThan(0.02);
    const n = stats(normal(3, 2, [N], { dtype: 'float64', generator: new Generator(4) }));
    expect(Math.abs(n.mean - 3)).toBeLessThan(0.04);
    expect(Math.abs(n.std - 2)).toBeLessThan(0.04);
  });

  test('randint draws every integer of [low, high) and nothing else', () => {
    const r = randint(-2, 3, [N], { generator: new Generator(5) });
    expect(r.dtype).toBe('int32');
    const counts = new Map<number, number>();
    for (const x of r.toTypedArray()) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    for (const c of counts.values()) expect(Math.abs(c / N - 0.2)).toBeLessThan(0.01);
    expect(randint(0, 1, [3]).toArray()).toEqual([0, 0, 0]);
    expect(() => randint(3, 3, [1])).toThrow('randint: expects integers with low < high, but got low=3 and high=3');
    expect(() => randint(0, 2.5, [1])).toThrow(ValueError);
  });

  test('randperm is a permutation', () => {
    const p = randperm(1000, { generator: new Generator(6) });
    expect(p.dtype).toBe('int32');
    const values = Array.from(p.toTypedArray());
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(values).not.toEqual([...values].sort((a, b) => a - b));
    expect(randperm(0).shape).toEqual([0]);
    expect(() => randperm(-1)).toThrow('randperm: n must be a non-negative integer, got -1');
  });

  test('the same seed gives the same arrays; the default generator is seeded by manualSeed', () => {
    manualSeed(11);
    const a = [rand([5]), randn([5]), randint(0, 100, [5]), randperm(5)].map(valuesOf);
    manualSeed(11);
    const b = [rand([5]), randn([5]), randint(0, 100, [5]), randperm(5)].map(valuesOf);
    expect(b).toEqual(a);
    expect(valuesOf(rand([5], { generator: new Generator(11) }))).toEqual(a[0]);
  });

  test('an explicit generator leaves the default one alone', () => {
    manualSeed(12);
    const before = defaultGenerator.getState();
    randn([100], { generator: new Generator(1) });
    zeros([10]).uniform_(0, 1, { generator: new Generator(2) });
    expect(defaultGenerator.getState()).toEqual(before);
    const x = valuesOf(rand([4]));
    manualSeed(12);
    expect(valuesOf(rand([4]))).toEqual(x);
  });

  test('normal_ and uniform_ fill a non-contiguous view in its row-major order, in place', () => {
    for (const fill of [
      (a: NDArray) => a.normal_(1, 2, { generator: new Generator(8) }),
      (a: NDArray) => a.uniform_(-1, 1, { generator: new Generator(8) }),
    ]) {
      const base = zeros([6, 4], { dtype: 'float64' });
      const view = base.t().slice(1, 1, undefined, 2); // [4, 3], strides [1, 8]
      const version = base.storage.version;
      expect(fill(view)).toBe(view);
      expect(base.storage.version).toBe(version + 1);
      const fresh = fill(zeros([4, 3], { dtype: 'float64' }));
      expect(valuesOf(view)).toEqual(valuesOf(fresh));
      const inView = new Set(positionsOf(view));
      base.storage.data.forEach((v, p) => expect(v === 0).toBe(!inView.has(p)));
    }
  });

  test('*Like keep shape and dtype', () => {
    const x = zeros([2, 3], { dtype: 'float64' });
    expect(randLike(x).dtype).toBe('float64');
    expect(randnLike(x, { generator: new Generator(1) }).shape).toEqual([2, 3]);
  });

  test('bad arguments are rejected', () => {
    expect(() => rand([2], { dtype: 'int32' })).toThrow('rand: expected a floating dtype, got int32');
    expect(() => randLike(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => normal(0, -1, [2])).toThrow('normal_: expects std >= 0.0, but found std -1');
    expect(() => uniform(1, 0, [2])).toThrow(ValueError);
    expect(() => zeros([2], { dtype: 'int32' }).normal_()).toThrow(DTypeError);
    expect(() => zeros([2], { dtype: 'bool' }).uniform_()).toThrow(
      'uniform_: expected a floating point tensor, got bool',
    );
  });
});
