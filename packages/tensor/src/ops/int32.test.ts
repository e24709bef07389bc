import { describe, expect, test } from 'vitest';
import { arange, DTypeError, tensor } from '../index.js';

const MAX = 2 ** 31 - 1;
const int = (values: number[]) => tensor(values, { dtype: 'int32' });

// int32 stands in for PyTorch's int64: results PyTorch would compute exactly must not wrap.
describe('int32 results outside int32’s range are errors, not wrapped values', () => {
  test('sum', () => {
    expect(() => int([MAX, 1]).sum()).toThrow(DTypeError);
    expect(() => int([MAX, 1]).sum()).toThrow(
      "sum: integer overflow: the result 2147483648 does not fit in int32 (torchlet's stand-in for PyTorch's int64, range [-2147483648, 2147483647]); convert to float64 with .to('float64') first",
    );
    expect(() => int([MAX, 1, 0, 0]).reshape([2, 2]).sum(1)).toThrow(DTypeError);
    expect(int([MAX, -1]).sum().item()).toBe(MAX - 1);
    expect(int([MAX, 1]).to('float64').sum().item()).toBe(MAX + 1);
  });

  test('add, sub, mul, pow and their in-place forms; a failing in-place op writes nothing', () => {
    expect(() => int([MAX]).add(1)).toThrow(/^add: integer overflow: the result 2147483648/);
    expect(() => int([-MAX - 1]).sub(int([1]))).toThrow(DTypeError);
    expect(() => int([65536]).mul(65536)).toThrow(DTypeError);
    expect(() => int([2]).pow(31)).toThrow(DTypeError);
    const x = int([1, MAX]);
    expect(() => x.add_(1)).toThrow(/^add: integer overflow/);
    expect(x.toArray()).toEqual([1, MAX]);
    expect(x.storage.version).toBe(0);
    expect(x.sub_(int([1])).toArray()).toEqual([0, MAX - 1]);
    expect(int([2]).pow(30).item()).toBe(2 ** 30);
    expect(() => int([1]).add_(0.5)).toThrow(DTypeError);
  });

  test('neg and abs of -2^31, and arange beyond the range', () => {
    expect(() => int([-MAX - 1]).neg()).toThrow(DTypeError);
    expect(() => int([-MAX - 1]).abs_()).toThrow(DTypeError);
    expect(int([-MAX]).abs().item()).toBe(MAX);
    expect(() => arange(MAX - 1, MAX + 2)).toThrow(/^arange: integer overflow/);
    expect(arange(MAX - 1, MAX + 2, 1, { dtype: 'float64' }).toArray()).toEqual([MAX - 1, MAX, MAX + 1]);
  });
});
