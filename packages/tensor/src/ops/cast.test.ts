import { describe, expect, test } from 'vitest';
import { DTypeError, full, tensor, zeros } from '../index.js';

describe('to(dtype)', () => {
  test('floats become int32 by truncation toward zero', () => {
    const x = tensor([2.7, -2.7, 0.5, -0.5, 2147483647.9, -2147483648.9], { dtype: 'float64' });
    expect(x.to('int32').toArray()).toEqual([2, -2, 0, 0, 2147483647, -2147483648]);
    expect(x.to('int32').dtype).toBe('int32');
  });

  test.each([NaN, Infinity, -Infinity, 2147483648, -2147483649, 3e9])('%d cannot become int32', (v) => {
    const x = tensor([1, v], { dtype: 'float64' });
    expect(() => x.to('int32')).toThrow(DTypeError);
    expect(() => x.to('int32')).toThrow(
      `to(int32): cannot convert ${v} (element 1) from float64 to int32; the value is NaN, infinite or out of range`,
    );
  });

  test('any non-zero value (NaN too) becomes true', () => {
    expect(tensor([0, -0, 0.1, -3, NaN]).to('bool').toArray()).toEqual([0, 0, 1, 1, 1]);
    expect(tensor([true, false]).to('float64').toArray()).toEqual([1, 0]);
    expect(tensor([0.1]).to('float64').item()).toBe(Math.fround(0.1));
    expect(
      tensor([1 / 3], { dtype: 'float64' })
        .to('float32')
        .item(),
    ).toBe(Math.fround(1 / 3));
  });

  test('copies non-contiguous input; the same dtype returns the array itself', () => {
    const x = tensor([
      [1.5, 2.5],
      [3.5, 4.5],
    ]);
    expect(x.t().to('int32').toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(x.to('float32')).toBe(x);
  });
});

describe('single values written into a dtype follow the same rules', () => {
  test('bool stores any non-zero as 1', () => {
    expect(tensor([2, 0, -1, NaN], { dtype: 'bool' }).toArray()).toEqual([1, 0, 1, 1]);
    expect(tensor(new Float32Array([0.5, 0]), { dtype: 'bool' }).toArray()).toEqual([1, 0]);
    expect(full([2], 5, { dtype: 'bool' }).toArray()).toEqual([1, 1]);
    expect(zeros([2], { dtype: 'bool' }).fill_(3).toArray()).toEqual([1, 1]);
    expect(zeros([2], { dtype: 'bool' }).set(7, 1).toArray()).toEqual([0, 1]);
    expect(
      tensor([true, false])
        .eq(tensor([2], { dtype: 'bool' }))
        .toArray(),
    ).toEqual([1, 0]);
  });

  test('int32 truncates and refuses NaN, infinities and out-of-range values', () => {
    expect(full([2], 2.9, { dtype: 'int32' }).toArray()).toEqual([2, 2]);
    expect(tensor([-1.5], { dtype: 'int32' }).toArray()).toEqual([-1]);
    expect(() => tensor([1, NaN], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => tensor(new Float64Array([Infinity]), { dtype: 'int32' })).toThrow(
      'tensor: cannot convert Infinity (element 0) from float64 to int32',
    );
    expect(() => full([1], 2 ** 31, { dtype: 'int32' })).toThrow('full: cannot convert 2147483648 to int32');
    expect(() => zeros([1], { dtype: 'int32' }).fill_(NaN)).toThrow('fill_: cannot convert NaN to int32');
    expect(() => zeros([1], { dtype: 'int32' }).set(Infinity, 0)).toThrow(DTypeError);
  });
});
