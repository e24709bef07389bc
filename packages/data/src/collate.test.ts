import { Tensor, tensor, ValueError } from '@torchlet/autograd';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { defaultCollate } from './collate.js';

describe('defaultCollate', () => {
  test('stacks tensors along a new first dimension', () => {
    const batch = defaultCollate([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]);
    expectTypeOf(batch).toEqualTypeOf<Tensor>();
    expect(batch.shape).toEqual([3, 2]);
    expect(batch.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  test('numbers become a float32 tensor, booleans a bool tensor, typed arrays keep their dtype', () => {
    const numbers = defaultCollate([1, 2.5, 3]);
    expect(numbers.dtype).toBe('float32');
    expect(numbers.toArray()).toEqual([1, 2.5, 3]);
    const flags = defaultCollate([true, false]);
    expect(flags.dtype).toBe('bool');
    const typed = defaultCollate([Int32Array.of(1, 2), Int32Array.of(3, 4)]);
    expect(typed.dtype).toBe('int32');
    expect(typed.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  test('tuples are collated position by position', () => {
    const batch = defaultCollate<[Tensor, number, string]>([
      [tensor([1, 2]), 0, 'a'],
      [tensor([3, 4]), 1, 'b'],
    ]);
    expectTypeOf(batch).toEqualTypeOf<[Tensor, Tensor, string[]]>();
    expect(batch[0].toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(batch[1].toArray()).toEqual([0, 1]);
    expect(batch[2]).toEqual(['a', 'b']);
  });

  test('objects are collated key by key, recursively', () => {
    const batch = defaultCollate([
      { image: tensor([[1]]), meta: { label: 3, name: 'x' } },
      { image: tensor([[2]]), meta: { label: 4, name: 'y' } },
    ]);
    expectTypeOf(batch).toEqualTypeOf<{ image: Tensor; meta: { label: Tensor; name: string[] } }>();
    expect(batch.image.shape).toEqual([2, 1, 1]);
    expect(batch.meta.label.toArray()).toEqual([3, 4]);
    expect(batch.meta.name).toEqual(['x', 'y']);
  });

  test('keeps the graph: stacking tensors that require grad records StackBackward0', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const batch = defaultCollate([a, tensor([3, 4])]);
    expect(batch.gradFn?.name).toBe('StackBackward0');
  });

  test('errors name what was found', () => {
    expect(() => defaultCollate([])).toThrow(ValueError);
    expect(() =>
      defaultCollate([
        [1, 2],
        [3, 4, 5],
      ]),
    ).toThrow('defaultCollate: each element in list of batch should be of equal size, got lengths [2, 3]');
    expect(() => defaultCollate<unknown>([1, 'a'])).toThrow(/sample 0 is a number but sample 1 is string a/);
    expect(() => defaultCollate([new Map()])).toThrow(/batch must contain tensors.*found an object of class Map/);
    expect(() => defaultCollate([{ a: 1 }, { b: 2 }] as { a?: number; b?: number }[])).toThrow(
      /sample 1 has no key 'a'/,
    );
    expect(() => defaultCollate([null])).toThrow(/found null/);
  });
});
