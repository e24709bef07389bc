import { arange, IndexError, Tensor } from '@torchlet/autograd';
import { describe, expect, test, vi } from 'vitest';
import type { Dataset } from './dataset.js';
import { Subset } from './subset.js';
import { TensorDataset } from './tensor-dataset.js';

describe('Subset', () => {
  const dataset = new TensorDataset(arange(10).mul(10), arange(10));

  test('maps its indices to the wrapped dataset, in order', () => {
    const subset = new Subset(dataset, [7, 2, 5]);
    expect(subset.length).toBe(3);
    expect(subset.get(0)[0].item()).toBe(70);
    expect(subset.get(-1)[1].item()).toBe(5);
    expect(() => subset.get(3)).toThrow(IndexError);
  });

  test('forwards batches to the wrapped getBatch with the indices mapped (one gather per tensor)', () => {
    const subset = new Subset(dataset, [7, 2, 5, 9]);
    const spy = vi.spyOn(Tensor.prototype, 'indexSelect');
    try {
      const [x, y] = subset.getBatch([3, 0, 1]);
      expect(x.toArray()).toEqual([90, 70, 20]);
      expect(y.toArray()).toEqual([9, 7, 2]);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(spy.mock.calls[0]).toEqual([0, [9, 7, 2]]);
    } finally {
      spy.mockRestore();
    }
    expect(() => subset.getBatch([4])).toThrow(IndexError);
  });

  test('over a dataset without getBatch, batches are collated from get', () => {
    const plain: Dataset<{ value: number }> = { length: 5, get: (i) => ({ value: i * i }) };
    const batch = new Subset(plain, [4, 1]).getBatch([0, 1]);
    expect(batch.value.toArray()).toEqual([16, 1]);
  });

  test('nests: a subset of a subset keeps the fast path', () => {
    const inner = new Subset(dataset, [9, 8, 7, 6]);
    const outer = new Subset(inner, [3, 1]);
    expect(outer.getBatch([0, 1])[0].toArray()).toEqual([60, 80]);
  });
});
