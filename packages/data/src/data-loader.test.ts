import { arange, Generator, manualSeed, normal, Tensor, tensor, ValueError } from '@torchlet/autograd';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, test, vi } from 'vitest';
import { DataLoader, type DataLoaderState } from './data-loader.js';
import type { Dataset } from './dataset.js';
import { SequentialSampler } from './sequential-sampler.js';
import { Subset } from './subset.js';
import { TensorDataset } from './tensor-dataset.js';

/** A dataset whose first tensor holds each row's own index, so batches show which rows they hold. */
const indexed = (n: number) => new TensorDataset(arange(n), arange(n).mul(10));

/** One epoch, as the row indices of each batch. */
const epoch = (loader: Iterable<[Tensor, Tensor]>) => [...loader].map(([x]) => x.toArray() as number[]);

const shuffled = (n: number, seed: number, batchSize = 4, dropLast = false) =>
  new DataLoader(indexed(n), { batchSize, shuffle: true, dropLast, generator: new Generator(seed) });

describe('DataLoader', () => {
  test("batch counts and sizes follow PyTorch's formulas; every index is seen once per epoch", () => {
    fc.assert(
      fc.property(
        fc.nat(60),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        fc.boolean(),
        (n, batchSize, dropLast, shuffle) => {
          // PyTorch's RandomSampler refuses an empty dataset, so shuffling needs n > 0.
          const loader = new DataLoader(indexed(n), {
            batchSize,
            dropLast,
            shuffle: shuffle && n > 0,
            generator: new Generator(n),
          });
          const expected = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
          expect(loader.length).toBe(expected);
          for (let e = 0; e < 2; e++) {
            const batches = epoch(loader);
            expect(batches).toHaveLength(expected);
            const sizes = batches.map((b) => b.length);
            const last = n % batchSize === 0 || dropLast ? batchSize : n % batchSize;
            expect(sizes).toEqual(sizes.map((_, i) => (i === sizes.length - 1 ? last : batchSize)));
            const seen = batches.flat();
            expect(new Set(seen).size).toBe(seen.length);
            expect(seen.every((i) => Number.isInteger(i) && i >= 0 && i < n)).toBe(true);
            if (!dropLast) expect(seen.length).toBe(n);
          }
        },
      ),
    );
  });

  test('without shuffle the batches are in order and the partial last batch comes last', () => {
    const loader = new DataLoader(indexed(7), { batchSize: 3 });
    expect(epoch(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const [x, y] = [...new DataLoader(indexed(7), { batchSize: 3, dropLast: true })].at(-1)!;
    expect(x.toArray()).toEqual([3, 4, 5]);
    expect(y.toArray()).toEqual([30, 40, 50]);
  });

  test('batches are typed tuples for a TensorDataset and keep each row with its label', () => {
    const features = normal(0, 1, [20, 2], { generator: new Generator(0) });
    const labels = features.sum(1, true);
    const loader = new DataLoader(new TensorDataset(features, labels), {
      batchSize: 6,
      shuffle: true,
      generator: new Generator(1),
    });
    for (const [x, y] of loader) {
      expectTypeOf(x).toEqualTypeOf<Tensor>();
      expect(x.shape[1]).toBe(2);
      expect(y.shape[1]).toBe(1);
      expect(y.toArray()).toEqual(x.sum(1, true).toArray());
    }
  });

  test('the same generator seed gives the same batches; successive epochs reshuffle', () => {
    const a = shuffled(40, 3);
    const b = shuffled(40, 3);
    const epochsA = [epoch(a), epoch(a), epoch(a)];
    const epochsB = [epoch(b), epoch(b), epoch(b)];
    expect(epochsA).toEqual(epochsB);
    expect(epochsA[0]).not.toEqual(epochsA[1]);
    expect(epochsA[1]).not.toEqual(epochsA[2]);
    expect(epoch(shuffled(40, 4))).not.toEqual(epochsA[0]);
  });

  test('without a generator, the order is fixed by manualSeed before construction, whatever draws follow', () => {
    manualSeed(123);
    const a = new DataLoader(indexed(30), { batchSize: 5, shuffle: true });
    manualSeed(123);
    const b = new DataLoader(indexed(30), { batchSize: 5, shuffle: true });
    const first = epoch(a);
    normal(0, 1, [100]); // other users of the default generator (init, dropout) do not move the loader
    expect(epoch(b)).toEqual(first);
    expect(epoch(a)).toEqual(epoch(b));
    expect(a.generator).toBeInstanceOf(Generator);
    expect(new DataLoader(indexed(3)).generator).toBeNull();
  });

  test('the fast path gathers each tensor once per batch with indexSelect and never touches get/select', () => {
    const dataset = indexed(23);
    const get = vi.spyOn(dataset, 'get');
    const indexSelect = vi.spyOn(Tensor.prototype, 'indexSelect');
    const select = vi.spyOn(Tensor.prototype, 'select');
    try {
      const loader = new DataLoader(dataset, { batchSize: 5, shuffle: true, generator: new Generator(2) });
      const batches = [...loader];
      expect(batches).toHaveLength(5);
      expect(indexSelect).toHaveBeenCalledTimes(2 * batches.length);
      batches.forEach(([x], k) => {
        expect(indexSelect.mock.calls[2 * k]).toEqual([0, x.toArray()]);
        expect(indexSelect.mock.calls[2 * k + 1]).toEqual([0, x.toArray()]);
      });
      expect(select).not.toHaveBeenCalled();
      expect(get).not.toHaveBeenCalled();
    } finally {
      indexSelect.mockRestore();
      select.mockRestore();
    }
  });

  test('a Subset of a TensorDataset takes the fast path too', () => {
    const subset = new Subset(indexed(10), [9, 7, 5, 3, 1]);
    const indexSelect = vi.spyOn(Tensor.prototype, 'indexSelect');
    try {
      const batches = epoch(new DataLoader(subset, { batchSize: 2 }));
      expect(batches).toEqual([[9, 7], [5, 3], [1]]);
      expect(indexSelect).toHaveBeenCalledTimes(2 * 3);
    } finally {
      indexSelect.mockRestore();
    }
  });

  test('a custom collate receives the samples from get, and types the batches', () => {
    const dataset = indexed(5);
    const loader = new DataLoader(dataset, {
      batchSize: 2,
      collate: (samples) => samples.map(([x, y]) => x.item() + y.item()),
    });
    const batches = [...loader];
    expectTypeOf(batches).toEqualTypeOf<number[][]>();
    expect(batches).toEqual([[0, 11], [22, 33], [44]]);
  });

  test('a dataset without getBatch is collated item by item', () => {
    const records: Dataset<{ x: number; name: string }> = { length: 4, get: (i) => ({ x: i / 2, name: `r${i}` }) };
    const batches = [...new DataLoader(records, { batchSize: 3 })];
    expectTypeOf(batches[0]!).toEqualTypeOf<{ x: Tensor; name: string[] }>();
    expect(batches.map((b) => b.x.toArray())).toEqual([[0, 0.5, 1], [1.5]]);
    expect(batches.map((b) => b.name)).toEqual([['r0', 'r1', 'r2'], ['r3']]);
  });

  test('a custom sampler or batch sampler replaces the default ones', () => {
    const reversed = {
      length: 5,
      *[Symbol.iterator]() {
        for (let i = 4; i >= 0; i--) yield i;
      },
    };
    expect(epoch(new DataLoader(indexed(5), { sampler: reversed, batchSize: 2 }))).toEqual([[4, 3], [2, 1], [0]]);
    const pairs = {
      length: 2,
      *[Symbol.iterator]() {
        yield [0, 4];
        yield [2];
      },
    };
    const loader = new DataLoader(indexed(5), { batchSampler: pairs });
    expect(loader.length).toBe(2);
    expect(loader.batchSize).toBeNull();
    expect(epoch(loader)).toEqual([[0, 4], [2]]);
  });

  test("option conflicts are errors in PyTorch's words", () => {
    const dataset = indexed(4);
    const sampler = new SequentialSampler(dataset);
    const batchSampler = {
      length: 1,
      *[Symbol.iterator]() {
        yield [0];
      },
    };
    expect(() => new DataLoader(dataset, { sampler, shuffle: true })).toThrow(
      'DataLoader: sampler option is mutually exclusive with shuffle',
    );
    for (const extra of [{ batchSize: 2 }, { shuffle: true }, { sampler }, { dropLast: true }]) {
      expect(() => new DataLoader(dataset, { batchSampler, ...extra })).toThrow(
        'DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast',
      );
    }
    expect(() => new DataLoader(dataset, { batchSampler, batchSize: 1 })).not.toThrow();
    expect(() => new DataLoader(dataset, { batchSize: 0 })).toThrow(/batchSize should be a positive integer value/);
    expect(() => new DataLoader(indexed(0), { shuffle: true })).toThrow(/numSamples should be a positive integer/);
  });
});

describe('DataLoader checkpointing', () => {
  test('a state saved at an epoch boundary resumes with the epochs of the uninterrupted run', () => {
    const uninterrupted = shuffled(37, 5, 4);
    const expected = Array.from({ length: 5 }, () => epoch(uninterrupted));

    const first = shuffled(37, 5, 4);
    const seen = [epoch(first), epoch(first)];
    const state = first.stateDict();
    expect(state.batchesSeen).toBe(0);
    expect(state.generatorState).toBeInstanceOf(Uint8Array);

    const resumed = shuffled(37, 999, 4); // a different seed: the state must override it
    resumed.loadStateDict(structuredClone(state));
    seen.push(epoch(resumed), epoch(resumed), epoch(resumed));
    expect(seen).toEqual(expected);
  });

  test('a state saved mid-epoch resumes after the batches already seen, then continues identically', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.nat(),
        (n, batchSize, dropLast, at) => {
          const uninterrupted = shuffled(n, n, batchSize, dropLast);
          const expected = [0, 1, 2].flatMap(() => epoch(uninterrupted));
          const perEpoch = uninterrupted.length;
          if (perEpoch === 0) return;
          const stopAfter = 1 + (at % (2 * perEpoch)); // somewhere in epoch 0 or 1

          const first = shuffled(n, n, batchSize, dropLast);
          const seen: number[][] = [];
          let state: DataLoaderState | undefined;
          outer: for (let e = 0; e < 3; e++) {
            for (const [x] of first) {
              seen.push(x.toArray() as number[]);
              if (seen.length === stopAfter) {
                state = first.stateDict(); // saved after the step that used the batch
                break outer; // the "crash"
              }
            }
          }
          const resumed = shuffled(n, 12345, batchSize, dropLast);
          resumed.loadStateDict(state!);
          expect(resumed.stateDict()).toEqual(state);
          const epochOfState = Math.floor((stopAfter - 1) / perEpoch);
          for (let e = epochOfState; e < 3; e++) seen.push(...epoch(resumed));
          expect(seen).toEqual(expected);
        },
      ),
    );
  });

  test('stateDict inside the loop counts the batch just received; after a break the epoch is over', () => {
    const loader = shuffled(10, 1, 3);
    const reference = shuffled(10, 1, 3);
    const epochs = [epoch(reference), epoch(reference)];
    for (const _ of loader) {
      expect(loader.stateDict().batchesSeen).toBe(1);
      break;
    }
    expect(loader.stateDict().batchesSeen).toBe(0);
    expect(epoch(loader)).toEqual(epochs[1]); // a new iteration is a new epoch, as in PyTorch
  });

  test('a loader without shuffling saves null and can skip into an epoch', () => {
    const loader = new DataLoader(indexed(7), { batchSize: 2 });
    expect(loader.stateDict()).toEqual({ generatorState: null, batchesSeen: 0 });
    loader.loadStateDict({ generatorState: null, batchesSeen: 3 });
    expect(epoch(loader)).toEqual([[6]]);
    expect(epoch(loader)).toEqual([[0, 1], [2, 3], [4, 5], [6]]);
  });

  test('loadStateDict rejects a shuffled state for an unshuffled loader and a bad batch count', () => {
    const state = shuffled(7, 0).stateDict();
    expect(() => new DataLoader(indexed(7)).loadStateDict(state)).toThrow(ValueError);
    expect(() => shuffled(7, 0).loadStateDict({ ...state, batchesSeen: -1 })).toThrow(
      /batchesSeen must be a non-negative integer/,
    );
    expect(() => shuffled(7, 0).loadStateDict({ generatorState: null, batchesSeen: 0 })).toThrow(ValueError);
  });

  test('the saved state is a copy, unaffected by later epochs', () => {
    const loader = shuffled(12, 2);
    const state = loader.stateDict();
    const before = Array.from(state.generatorState!);
    epoch(loader);
    expect(Array.from(state.generatorState!)).toEqual(before);
    expect(tensor(before).numel()).toBe(40);
  });
});
