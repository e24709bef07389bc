import { arange, IndexError, ShapeError, stack, tensor, ValueError, zeros } from '@torchlet/autograd';
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { Tensor } from '@torchlet/autograd';
import { TensorDataset } from './tensor-dataset.js';

describe('TensorDataset', () => {
  const features = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const labels = tensor([[10], [20], [30]]);

  test('items are the rows of every tensor, typed as a tuple', () => {
    const dataset = new TensorDataset(features, labels);
    expect(dataset.length).toBe(3);
    const item = dataset.get(1);
    expectTypeOf(item).toEqualTypeOf<[Tensor, Tensor]>();
    expect(item[0].toArray()).toEqual([3, 4]);
    expect(item[1].toArray()).toEqual([20]);
    expect(dataset.get(-1)[0].toArray()).toEqual([5, 6]);
  });

  test('getBatch gathers what stacking the items would give', () => {
    const dataset = new TensorDataset(features, labels);
    const indices = [2, 0, 2];
    const [x, y] = dataset.getBatch(indices);
    expect(x.toArray()).toEqual(stack(indices.map((i) => dataset.get(i)[0])).toArray());
    expect(y.toArray()).toEqual(stack(indices.map((i) => dataset.get(i)[1])).toArray());
    expect(x.shape).toEqual([3, 2]);
    expect(y.shape).toEqual([3, 1]);
  });

  test('a size mismatch along dim 0 is an error in PyTorch words', () => {
    expect(() => new TensorDataset(features, arange(4))).toThrow(ShapeError);
    expect(() => new TensorDataset(features, arange(4))).toThrow(
      'TensorDataset: Size mismatch between tensors: sizes along dim 0 are [3, 4]',
    );
  });

  test('needs at least one tensor, each with a dimension 0', () => {
    expect(() => new TensorDataset()).toThrow(ValueError);
    expect(() => new TensorDataset(features, tensor(1))).toThrow(/tensor 1 is 0-dimensional/);
  });

  test('an index out of range is an IndexError naming the length', () => {
    const dataset = new TensorDataset(features);
    expect(() => dataset.get(3)).toThrow(IndexError);
    expect(() => dataset.get(-4)).toThrow('TensorDataset.get: index -4 is out of range for a dataset of length 3');
    expect(() => dataset.get(0.5)).toThrow(IndexError);
  });

  test('an empty dataset has length 0', () => {
    expect(new TensorDataset(zeros([0, 2]), zeros([0])).length).toBe(0);
  });
});
