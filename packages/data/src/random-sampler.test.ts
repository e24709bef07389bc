import { Generator, manualSeed, randperm, ValueError } from '@torchlet/autograd';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RandomSampler } from './random-sampler.js';

const sized = (length: number) => ({ length });
const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('RandomSampler', () => {
  test('without replacement each pass is a permutation, and passes differ', () => {
    const sampler = new RandomSampler(sized(30), { generator: new Generator(1) });
    const first = [...sampler];
    const second = [...sampler];
    expect(sampler.length).toBe(30);
    expect(sorted(first)).toEqual(range(30));
    expect(sorted(second)).toEqual(range(30));
    expect(first).not.toEqual(second);
  });

  test('a pass is the permutation randperm draws from the same generator', () => {
    const sampler = new RandomSampler(sized(12), { generator: new Generator(4) });
    expect([...sampler.nextPass()]).toEqual(randperm(12, { generator: new Generator(4) }).toArray());
  });

  test('iterating and nextPass() give the same indices and advance the generator alike', () => {
    const a = new RandomSampler(sized(17), { generator: new Generator(2) });
    const b = new RandomSampler(sized(17), { generator: new Generator(2) });
    for (let epoch = 0; epoch < 3; epoch++) expect([...a]).toEqual([...b.nextPass()]);
  });

  test('numSamples beyond the length without replacement: whole permutations, then a cut one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 70 }), (n, numSamples) => {
        const pass = [...new RandomSampler(sized(n), { generator: new Generator(n), numSamples })];
        expect(pass.length).toBe(numSamples);
        const whole = Math.floor(numSamples / n);
        for (let k = 0; k < whole; k++) expect(sorted(pass.slice(k * n, (k + 1) * n))).toEqual(range(n));
        const rest = pass.slice(whole * n);
        expect(new Set(rest).size).toBe(rest.length);
      }),
    );
  });

  test('with replacement: numSamples draws inside the range, with repeats', () => {
    const sampler = new RandomSampler(sized(5), { generator: new Generator(3), replacement: true, numSamples: 200 });
    const pass = [...sampler];
    expect(sampler.length).toBe(200);
    expect(pass).toHaveLength(200);
    expect(pass.every((i) => Number.isInteger(i) && i >= 0 && i < 5)).toBe(true);
    expect(new Set(pass).size).toBe(5);
  });

  test('the length follows the dataset when numSamples is not given', () => {
    const data = { length: 4 };
    const sampler = new RandomSampler(data, { generator: new Generator(0) });
    data.length = 9;
    expect(sampler.length).toBe(9);
    expect(sorted(sampler)).toEqual(range(9));
  });

  test('rejects a non-positive numSamples, as PyTorch does (also for an empty dataset)', () => {
    expect(() => new RandomSampler(sized(0))).toThrow(ValueError);
    expect(() => new RandomSampler(sized(0))).toThrow(
      'RandomSampler: numSamples should be a positive integer value, but got numSamples=0',
    );
    expect(() => new RandomSampler(sized(5), { numSamples: 2.5 })).toThrow(/numSamples=2.5/);
  });

  test('without a generator it seeds its own from the default generator, once, at construction', () => {
    manualSeed(42);
    const a = new RandomSampler(sized(20));
    manualSeed(42);
    const b = new RandomSampler(sized(20));
    expect([...a]).toEqual([...b]);
    manualSeed(0); // later use of the default generator does not change a's stream
    const c = [...a];
    manualSeed(1);
    expect(c).toEqual([...b]);
    expect(a.generator).not.toBe(b.generator);
  });

  test('stateDict/loadStateDict repeat the next pass', () => {
    const sampler = new RandomSampler(sized(25), { generator: new Generator(8) });
    sampler.nextPass();
    const state = sampler.stateDict();
    expect(state.generatorState).toBeInstanceOf(Uint8Array);
    const next = [...sampler];
    const after = [...sampler];
    const other = new RandomSampler(sized(25), { generator: new Generator(99) });
    other.loadStateDict(state);
    expect([...other]).toEqual(next);
    expect([...other]).toEqual(after);
    expect(() => other.loadStateDict({ generatorState: null })).toThrow(ValueError);
  });
});
