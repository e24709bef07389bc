import { Generator, manualSeed, matmul, normal, tensor, ShapeError, ValueError } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { syntheticData } from './synthetic-data.js';

/** Ordinary least squares of y on [x, 1] through the normal equations (Gaussian elimination). */
function leastSquares(x: Float32Array, y: Float32Array, n: number, p: number): number[] {
  const k = p + 1;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const row = [...x.subarray(i * p, i * p + p), 1];
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) a[r]![c]! += row[r]! * row[c]!;
      a[r]![k]! += row[r]! * y[i]!;
    }
  }
  for (let c = 0; c < k; c++) {
    for (let r = c + 1; r < k; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let j = c; j <= k; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  const beta = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = a[r]![k]!;
    for (let j = r + 1; j < k; j++) s -= a[r]![j]! * beta[j]!;
    beta[r] = s / a[r]![r]!;
  }
  return beta;
}

describe('syntheticData', () => {
  test('shapes and dtype match the seed: features [n, len(w)], labels [n, 1], float32', () => {
    const [features, labels] = syntheticData(tensor([2, -3.4]), 4.2, 1000, { generator: new Generator(1) });
    expect(features.shape).toEqual([1000, 2]);
    expect(labels.shape).toEqual([1000, 1]);
    expect(features.dtype).toBe('float32');
    expect(labels.dtype).toBe('float32');
    expect(features.requiresGrad).toBe(false);
    expect(labels.gradFn).toBeNull();
  });

  test('features are N(0, 1) and least squares recovers w and b; the residual is the N(0, 0.01) noise', () => {
    const trueW = [2, -3.4];
    const n = 2000;
    const [features, labels] = syntheticData(tensor(trueW), 4.2, n, { generator: new Generator(7) });
    const x = features.toTypedArray() as Float32Array;
    const y = labels.toTypedArray() as Float32Array;
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.08);

    const [w0, w1, b] = leastSquares(x, y, n, 2);
    // The noise std is 0.01, so the estimates' standard errors are ~0.01 / sqrt(n) ≈ 2e-4.
    expect(Math.abs(w0! - 2)).toBeLessThan(2e-3);
    expect(Math.abs(w1! + 3.4)).toBeLessThan(2e-3);
    expect(Math.abs(b! - 4.2)).toBeLessThan(2e-3);

    let squares = 0;
    for (let i = 0; i < n; i++) {
      const residual = y[i]! - (x[2 * i]! * w0! + x[2 * i + 1]! * w1! + b!);
      squares += residual * residual;
    }
    const noiseStd = Math.sqrt(squares / (n - 3));
    expect(noiseStd).toBeGreaterThan(0.008);
    expect(noiseStd).toBeLessThan(0.012);
  });

  test('same generator seed gives the same data; manualSeed makes the default generator repeat', () => {
    const w = tensor([2, -3.14]);
    const a = syntheticData(w, 4.2, 50, { generator: new Generator(3) });
    const b = syntheticData(w, 4.2, 50, { generator: new Generator(3) });
    const c = syntheticData(w, 4.2, 50, { generator: new Generator(4) });
    expect(a[0].toArray()).toEqual(b[0].toArray());
    expect(a[1].toArray()).toEqual(b[1].toArray());
    expect(a[0].toArray()).not.toEqual(c[0].toArray());
    manualSeed(11);
    const d = syntheticData(w, 4.2, 20);
    manualSeed(11);
    const e = syntheticData(w, 4.2, 20);
    expect(d[1].toArray()).toEqual(e[1].toArray());
  });

  test('draws the features first, then the noise, from the one generator (the seed order)', () => {
    const w = tensor([1, -2, 0.5]);
    const [features, labels] = syntheticData(w, 0.25, 8, { generator: new Generator(5) });
    const generator = new Generator(5);
    const x = normal(0, 1, [8, 3], { generator });
    const noise = normal(0, 0.01, [8], { generator });
    expect(features.toArray()).toEqual(x.toArray());
    expect(labels.toArray()).toEqual(matmul(x, w).add(0.25).add(noise).reshape([8, 1]).toArray());
  });

  test('rejects a w that is not 1-D and a bad n', () => {
    expect(() => syntheticData(tensor([[2], [-3.4]]), 4.2, 10)).toThrow(ShapeError);
    expect(() => syntheticData(tensor([[2], [-3.4]]), 4.2, 10)).toThrow(/w must be 1-dimensional, got shape \[2, 1\]/);
    expect(() => syntheticData(tensor([2]), 4.2, -1)).toThrow(ValueError);
    expect(() => syntheticData(tensor([2]), 4.2, 1.5)).toThrow(/n must be a non-negative integer, got 1.5/);
  });

  test('n = 0 gives empty tensors of the right shapes', () => {
    const [features, labels] = syntheticData(tensor([2, -3.4]), 4.2, 0);
    expect(features.shape).toEqual([0, 2]);
    expect(labels.shape).toEqual([0, 1]);
  });
});
