import { describe, expect, test } from 'vitest';
import { arange, cat, IndexError, ShapeError, stack, tensor, ValueError, zeros } from '../index.js';
import { valuesOf, withLayout } from '../testing.test-util.js';

describe('indexSelect', () => {
  const a = arange(12).reshape([3, 4]);

  test('gathers whole slices along a dim, negative indices counting from the end', () => {
    expect(a.indexSelect(0, [2, 0, 2]).toArray()).toEqual([
      [8, 9, 10, 11],
      [0, 1, 2, 3],
      [8, 9, 10, 11],
    ]);
    expect(a.indexSelect(-1, tensor([3, -4], { dtype: 'int32' })).toArray()).toEqual([
      [3, 0],
      [7, 4],
      [11, 8],
    ]);
    expect(a.indexSelect(1, []).shape).toEqual([3, 0]);
    expect(a.indexSelect(0, tensor(1, { dtype: 'int32' })).shape).toEqual([1, 4]);
  });

  test('reads non-contiguous input and copies', () => {
    const t = withLayout([4, 3], 'float64', 'strided', [1, 2, 3, 4, 5, 6, 7], 3);
    const out = t.indexSelect(1, [1]);
    expect(valuesOf(out)).toEqual([0, 1, 2, 3].map((i) => t.get(i, 1)));
    expect(out.storage).not.toBe(t.storage);
  });

  test('rejects bad indices', () => {
    expect(() => a.indexSelect(0, [3])).toThrow(IndexError);
    expect(() => a.indexSelect(0, [3])).toThrow('indexSelect: index 3 is out of range for dimension 0 with size 3');
    expect(() => a.indexSelect(0, [0.5])).toThrow(IndexError);
    expect(() => a.indexSelect(0, tensor([0]))).toThrow('indexSelect: index must be an int32 tensor, got float32');
    expect(() => a.indexSelect(0, zeros([1, 1], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => a.indexSelect(2, [0])).toThrow(IndexError);
  });
});

describe('cat and stack', () => {
  test('cat joins along an existing dim, promoting dtypes and reading any layout', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]).t();
    const y = tensor([[5, 6]], { dtype: 'float64' });
    const out = cat([x, y]);
    expect(out.dtype).toBe('float64');
    expect(out.toArray()).toEqual([
      [1, 3],
      [2, 4],
      [5, 6],
    ]);
    expect(cat([x, zeros([2, 0]), x], 1).toArray()).toEqual([
      [1, 3, 1, 3],
      [2, 4, 2, 4],
    ]);
    expect(cat([tensor([true]), tensor([2], { dtype: 'int32' })]).toArray()).toEqual([1, 2]);
  });

  test('stack joins along a new dim', () => {
    const x = tensor([1, 2, 3]);
    const y = tensor([4, 5, 6]);
    expect(stack([x, y]).shape).toEqual([2, 3]);
    expect(stack([x, y], 1).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(stack([x, y], -1).shape).toEqual([3, 2]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  test('errors name the mismatch', () => {
    expect(() => cat([])).toThrow(ValueError);
    expect(() => cat([zeros([2, 3]), zeros([2, 4])])).toThrow(
      'cat: sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list (shapes [2, 3] and [2, 4])',
    );
    expect(() => cat([zeros([2]), zeros([2, 1])])).toThrow(
      'cat: tensors must have the same number of dimensions: got 1 and 2 (tensor 1)',
    );
    expect(() => cat([tensor(1)])).toThrow('cat: zero-dimensional tensor cannot be concatenated; use stack');
    expect(() => cat([zeros([2])], 1)).toThrow(IndexError);
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(
      'stack: expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1',
    );
  });
});
