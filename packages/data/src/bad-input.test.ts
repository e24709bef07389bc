import { Generator, tensor, ValueError, zeros, IndexError } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import {
  BatchSampler,
  DataLoader,
  randomSplit,
  RandomSampler,
  SequentialSampler,
  Subset,
  syntheticData,
  TensorDataset,
  type Dataset,
} from './index.js';

const dataset = new TensorDataset(zeros([5, 2]), zeros([5]));
const withLength = (length: number): Dataset<number> => ({ length, get: (i) => i });

describe('a dataset or sampler length that is not a count is a ValueError, never zero batches', () => {
  test.each([
    [Number.NaN, 'number NaN'],
    [-1, 'number -1'],
    [1.5, 'number 1.5'],
    [Number.POSITIVE_INFINITY, 'number Infinity'],
    ['3', 'string "3"'],
  ])('length %s', (length, shown) => {
    const bad = withLength(length as number);
    const message = (op: string, what = 'dataset') =>
      new ValueError(`${op}: the ${what}'s length must be a non-negative integer, got ${shown}`);
    expect(() => new DataLoader(bad)).toThrow(message('DataLoader'));
    expect(() => new DataLoader(bad, { shuffle: true })).toThrow(message('DataLoader'));
    expect(() => new SequentialSampler(bad)).toThrow(message('SequentialSampler'));
    expect(() => new RandomSampler(bad)).toThrow(message('RandomSampler'));
    expect(() => randomSplit(bad, [0.5, 0.5])).toThrow(message('randomSplit'));
    expect(() => new Subset(bad, [0])).toThrow(message('Subset'));
    const sampler = { length: length as number, *[Symbol.iterator]() {} };
    expect(() => new BatchSampler(sampler, 2, false)).toThrow(message('BatchSampler', 'sampler'));
  });

  test('a length that goes bad after construction is caught at the next epoch', () => {
    let length = 4;
    const changing: Dataset<number> = {
      get length() {
        return length;
      },
      get: (i) => i,
    };
    for (const shuffle of [false, true]) {
      const loader = new DataLoader(changing, { batchSize: 2, shuffle });
      expect([...loader]).toHaveLength(2);
      length = Number.NaN;
      expect(() => [...loader]).toThrow(ValueError);
      expect(() => loader.length).toThrow(
        /the (dataset|sampler)'s length must be a non-negative integer, got number NaN/,
      );
      length = 4;
    }
  });
});

describe('bad arguments are named errors, not crashes deep inside', () => {
  test.each([
    [
      () => new DataLoader(dataset, { batchSize: 0 }),
      ValueError,
      'BatchSampler: batchSize should be a positive integer value, but got batchSize=0',
    ],
    [() => new DataLoader(dataset, { batchSize: Number.NaN }), ValueError, 'batchSize=NaN'],
    [
      () => new DataLoader(dataset, { shuffle: 'yes' as never }),
      ValueError,
      'DataLoader: shuffle should be a boolean value, but got shuffle=yes',
    ],
    [
      () => new DataLoader(null as never),
      TypeError,
      'DataLoader: expected a dataset (an object with a length), got null',
    ],
    [
      () => new DataLoader({ length: 3 } as never),
      TypeError,
      'DataLoader: the dataset must have a get(index) method, got an object of class Object',
    ],
    [() => new DataLoader(dataset, null as never), TypeError, 'DataLoader: options must be an object, got null'],
    [
      () => new DataLoader(dataset, { sampler: { length: 3 } as never }),
      TypeError,
      'DataLoader: sampler must be iterable',
    ],
    [
      () => new DataLoader(dataset, { batchSampler: 3 as never }),
      TypeError,
      'DataLoader: batchSampler must be iterable',
    ],
    [
      () => new DataLoader(dataset, { collate: 3 as never }),
      TypeError,
      'DataLoader: collate must be a function, got number 3',
    ],
    [
      () => new DataLoader(dataset, { shuffle: true, generator: {} as never }),
      TypeError,
      'DataLoader: generator must be a Generator',
    ],
    [
      () => new DataLoader(dataset).loadStateDict(null as never),
      ValueError,
      'DataLoader.loadStateDict: expected the object stateDict() returns, got null',
    ],
    [
      () => new RandomSampler(dataset, { generator: 7 as never }),
      TypeError,
      'RandomSampler: generator must be a Generator',
    ],
    [
      () => randomSplit(dataset, 'ab' as never),
      ValueError,
      'randomSplit: lengths must be an array of numbers, got string "ab"',
    ],
    [() => new Subset(dataset, null as never), TypeError, 'Subset: indices must be an array, got null'],
    [
      () => new Subset(dataset, [0, Number.NaN]),
      IndexError,
      'Subset: indices[1] is number NaN; indices must be integers',
    ],
    [() => new TensorDataset(3 as never), TypeError, 'TensorDataset: argument 0 must be a Tensor, got number 3'],
    [() => syntheticData(3 as never, 1, 2), TypeError, 'syntheticData: w must be a Tensor, got number 3'],
    [
      () => syntheticData(tensor([1]), 'x' as never, 2),
      ValueError,
      'syntheticData: b must be a number, got string "x"',
    ],
    [
      () => syntheticData(tensor([1]), 1, 2, { generator: {} as never }),
      TypeError,
      'syntheticData: generator must be a Generator',
    ],
  ] as const)('%#: %s', (run, type, message) => {
    expect(run).toThrow(type);
    expect(run).toThrow(message);
  });

  test('valid edge cases still work', () => {
    expect([...new DataLoader(withLength(0))]).toEqual([]);
    expect(new DataLoader(dataset, { shuffle: true, generator: new Generator(1) }).length).toBe(5);
  });
});
