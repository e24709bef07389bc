import { Generator, manualSeed, ones, tensor } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { Dropout, init, Linear } from './index.js';

describe('Linear', () => {
  test("PyTorch's default init: weight and bias inside ±1/√fanIn, spread like a uniform", () => {
    manualSeed(0);
    const layer = new Linear(400, 300);
    const bound = 1 / Math.sqrt(400);
    const w = Array.from(layer.weight.toTypedArray());
    const b = Array.from(layer.bias.toTypedArray());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...b.map(Math.abs))).toBeLessThanOrEqual(bound);
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(bound * 0.02);
    expect(variance).toBeCloseTo(bound ** 2 / 3, 5); // Var of U(-a, a) = a²/3
  });

  test('computes x · Wᵀ + b and keeps the shapes PyTorch gives', () => {
    const layer = new Linear(2, 3);
    layer.weight.data.copy_(
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    layer.bias.data.fill_(1);
    expect(layer.forward(tensor([[1, 1]])).toArray()).toEqual([[4, 8, 12]]);
    expect(layer.forward(tensor([1, 1])).shape).toEqual([3]);
    expect(layer.forward(ones([4, 5, 2])).shape).toEqual([4, 5, 3]);
    expect(() => layer.forward(ones([4, 3]))).toThrow('matmul: shapes [4, 3] and [2, 3] cannot be multiplied (3 != 2)');
  });

  test('a generator makes the init reproducible', () => {
    const a = new Linear(3, 2, { generator: new Generator(5) });
    const b = new Linear(3, 2, { generator: new Generator(5) });
    expect(a.weight.toArray()).toEqual(b.weight.toArray());
  });
});

describe('init', () => {
  test('kaiming and xavier match their formulas', () => {
    const g = new Generator(1);
    const w = ones([256, 512]);
    init.kaimingUniform_(w, { nonlinearity: 'relu', generator: g });
    expect(Array.from(w.toTypedArray()).reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(
      Math.sqrt(2) * Math.sqrt(3 / 512),
    );
    init.xavierNormal_(w, { generator: g });
    const values = Array.from(w.toTypedArray());
    const std = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / (256 + 512)), 3);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3);
    expect(() => init.xavierUniform_(ones([3]))).toThrow(/fewer than 2 dimensions/);
  });

  test('init functions run outside the graph on parameters that require grad', () => {
    const layer = new Linear(2, 2);
    init.constant_(layer.weight, 0.5);
    init.zeros_(layer.bias);
    expect(layer.weight.toArray()).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(layer.weight.isLeaf).toBe(true);
  });
});

describe('Dropout', () => {
  test('drops with probability p while training, scales the rest, and is the identity in eval', () => {
    const drop = new Dropout(0.25, { generator: new Generator(2) });
    const out = Array.from(drop.forward(ones([20000])).toTypedArray());
    const kept = out.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(kept.length / out.length).toBeCloseTo(0.75, 1);
    drop.eval();
    const x = ones([3]);
    expect(drop.forward(x)).toBe(x);
    expect(() => new Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
  });
});
