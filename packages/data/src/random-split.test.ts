import { arange, Generator, manualSeed, ValueError, type Tensor } from '@torchlet/autograd';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Dataset } from './dataset.js';
import { randomSplit } from './random-split.js';
import { TensorDataset } from './tensor-dataset.js';

const datasetOf = (n: number) => new TensorDataset(arange(n));
const splitLengths = (n: number, fractions: number[]) =>
  randomSplit(datasetOf(n), fractions, { generator: new Generator(0) }).map((s) => s.length);
const valuesOf = (split: Dataset<[Tensor]>) => Array.from({ length: split.length }, (_, i) => split.get(i)[0].item());

describe('randomSplit', () => {
  test('counts: the splits have those lengths and are a disjoint cover of the dataset', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }), fc.nat(1000), (counts, seed) => {
        const n = counts.reduce((a, b) => a + b, 0);
        const splits = randomSplit(datasetOf(n), counts, { generator: new Generator(seed) });
        expect(splits.map((s) => s.length)).toEqual(counts);
        const all = splits.flatMap((s) => s.indices).sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  test("fractions: floor of each share, the remainder handed out round-robin (PyTorch's rule)", () => {
    expect(splitLengths(11, [0.3, 0.3, 0.4])).toEqual([4, 3, 4]); // floor → [3, 3, 4], remainder 1 → split 0
    expect(splitLengths(10, [0.5, 0.5])).toEqual([5, 5]);
    expect(splitLengths(7, [0.25, 0.25, 0.25, 0.25])).toEqual([2, 2, 2, 1]); // [1,1,1,1] + 3 round-robin
    expect(splitLengths(3, [0.1, 0.1, 0.8])).toEqual([1, 0, 2]); // [0, 0, 2] + 1
    expect(splitLengths(5, [1])).toEqual([5]);
  });

  test('fractions always cover the dataset exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        fc.nat(300),
        (weights, n) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const fractions = weights.map((w) => w / total);
          if (Math.abs(fractions.reduce((a, b) => a + b, 0) - 1) > 1e-9 || fractions.reduce((a, b) => a + b, 0) > 1)
            return;
          const splits = randomSplit(datasetOf(n), fractions, { generator: new Generator(1) });
          const sizes = splits.map((s) => s.length);
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
          sizes.forEach((size, i) => {
            const floor = Math.floor(n * fractions[i]!);
            expect(size === floor || size === floor + 1).toBe(true);
          });
          expect(new Set(splits.flatMap((s) => s.indices)).size).toBe(n);
        },
      ),
    );
  });

  test('the same generator seed gives the same split; another seed a different one', () => {
    const split = (seed: number) =>
      randomSplit(datasetOf(50), [30, 20], { generator: new Generator(seed) }).map(valuesOf);
    expect(split(3)).toEqual(split(3));
    expect(split(3)).not.toEqual(split(4));
    manualSeed(9);
    const a = randomSplit(datasetOf(50), [0.6, 0.4]).map(valuesOf);
    manualSeed(9);
    const b = randomSplit(datasetOf(50), [0.6, 0.4]).map(valuesOf);
    expect(a).toEqual(b);
  });

  test('rejects lengths that do not sum to the dataset, negative counts and fractions out of [0, 1]', () => {
    expect(() => randomSplit(datasetOf(10), [3, 3])).toThrow(ValueError);
    expect(() => randomSplit(datasetOf(10), [3, 3])).toThrow(
      /Sum of input lengths does not equal the length of the input dataset!/,
    );
    expect(() => randomSplit(datasetOf(10), [12, -2])).toThrow(/non-negative integers or fractions/);
    expect(() => randomSplit(datasetOf(10), [1.5, -0.5])).toThrow(/Fraction at index 0 is not between 0 and 1/);
    expect(() => randomSplit(datasetOf(10), [2.5, 7.5])).toThrow(/non-negative integers or fractions/);
  });
});
