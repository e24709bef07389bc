import { Generator, ValueError } from '@torchlet/autograd';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BatchSampler } from './batch-sampler.js';
import { RandomSampler } from './random-sampler.js';
import type { Sampler } from './sampler.js';
import { SequentialSampler } from './sequential-sampler.js';

/** A sampler without nextPass, so BatchSampler takes its one-index-at-a-time path. */
function iteratorOnly(sampler: Sampler): Sampler {
  return { length: sampler.length, [Symbol.iterator]: () => sampler[Symbol.iterator]() };
}

describe('SequentialSampler', () => {
  test('yields 0..n-1, by iteration and by nextPass', () => {
    const sampler = new SequentialSampler({ length: 5 });
    expect([...sampler]).toEqual([0, 1, 2, 3, 4]);
    expect([...sampler.nextPass()]).toEqual([0, 1, 2, 3, 4]);
    expect(sampler.length).toBe(5);
    expect([...new SequentialSampler({ length: 0 })]).toEqual([]);
  });
});

describe('BatchSampler', () => {
  test("length and batches follow PyTorch's formulas for every n, batchSize and dropLast", () => {
    fc.assert(
      fc.property(fc.nat(60), fc.integer({ min: 1, max: 25 }), fc.boolean(), (n, batchSize, dropLast) => {
        for (const sampler of [
          new SequentialSampler({ length: n }),
          iteratorOnly(new SequentialSampler({ length: n })),
        ]) {
          const batchSampler = new BatchSampler(sampler, batchSize, dropLast);
          const batches = [...batchSampler];
          const expected = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
          expect(batchSampler.length).toBe(expected);
          expect(batches).toHaveLength(expected);
          batches.forEach((batch, i) => {
            const isShortLast = i === batches.length - 1 && !dropLast && n % batchSize !== 0;
            expect(batch).toHaveLength(isShortLast ? n % batchSize : batchSize);
          });
          const flat = batches.flat();
          expect(flat).toEqual(Array.from({ length: flat.length }, (_, i) => i));
        }
      }),
    );
  });

  test('the pass path and the iterator path cut the same batches from a random sampler', () => {
    const fast = new BatchSampler(new RandomSampler({ length: 23 }, { generator: new Generator(5) }), 4, false);
    const slow = new BatchSampler(
      iteratorOnly(new RandomSampler({ length: 23 }, { generator: new Generator(5) })),
      4,
      false,
    );
    for (let epoch = 0; epoch < 3; epoch++) expect([...fast]).toEqual([...slow]);
  });

  test('delegates stateDict/loadStateDict to its sampler', () => {
    const sampler = new BatchSampler(new RandomSampler({ length: 10 }, { generator: new Generator(1) }), 3, false);
    const state = sampler.stateDict();
    const first = [...sampler];
    sampler.loadStateDict(state);
    expect([...sampler]).toEqual(first);
    const sequential = new BatchSampler(new SequentialSampler({ length: 4 }), 2, false);
    expect(sequential.stateDict()).toEqual({ generatorState: null });
    expect(() => sequential.loadStateDict(state)).toThrow(ValueError);
  });

  test('rejects a batchSize that is not a positive integer', () => {
    const sampler = new SequentialSampler({ length: 4 });
    expect(() => new BatchSampler(sampler, 0, false)).toThrow(
      'BatchSampler: batchSize should be a positive integer value, but got batchSize=0',
    );
    expect(() => new BatchSampler(sampler, 1.5, false)).toThrow(ValueError);
  });
});
