import { describe, expect, test } from 'vitest';
import { DTypeError, promoteTypes, promoteWithScalar, resultType, tensor, zeros, type DType } from '../index.js';

const DTYPES: DType[] = ['bool', 'int32', 'float32', 'float64'];
const dimmed = (dtype: DType) => zeros([2], { dtype });
const zeroDim = (dtype: DType) => zeros([], { dtype });
const int = () => tensor([1, 2], { dtype: 'int32' });

describe('type promotion (PyTorch rules on bool < int32 < float32 < float64)', () => {
  test('two dimensioned tensors promote to the larger dtype', () => {
    const table = DTYPES.map((a) => DTYPES.map((b) => promoteTypes(a, b)));
    expect(table).toEqual([
      ['bool', 'int32', 'float32', 'float64'],
      ['int32', 'int32', 'float32', 'float64'],
      ['float32', 'float32', 'float32', 'float64'],
      ['float64', 'float64', 'float64', 'float64'],
    ]);
    for (const a of DTYPES) for (const b of DTYPES) expect(dimmed(a).add(dimmed(b)).dtype).toBe(promoteTypes(a, b));
  });

  test('a 0-d tensor only promotes a dimensioned one across categories (bool, integer, floating)', () => {
    // rows: the dimensioned operand's dtype; columns: the 0-d operand's dtype
    const table = DTYPES.map((a) => DTYPES.map((b) => resultType(dimmed(a), zeroDim(b))));
    expect(table).toEqual([
      ['bool', 'int32', 'float32', 'float64'],
      ['int32', 'int32', 'float32', 'float64'],
      ['float32', 'float32', 'float32', 'float32'],
      ['float64', 'float64', 'float64', 'float64'],
    ]);
    expect(zeroDim('float64').mul(dimmed('float32')).dtype).toBe('float32');
    expect(zeroDim('float64').add(zeroDim('float32')).dtype).toBe('float64');
  });

  test('a JS number behaves like a 0-d tensor: int for integral values, float32 for fractional', () => {
    const cases: [DType, number, DType][] = [
      ['float32', 2.5, 'float32'],
      ['float64', 2, 'float64'],
      ['int32', 2, 'int32'],
      ['int32', 2.5, 'float32'],
      ['bool', 1, 'int32'],
      ['bool', 0.5, 'float32'],
    ];
    for (const [dtype, scalar, want] of cases) {
      expect(promoteWithScalar(dtype, scalar)).toBe(want);
      expect(dimmed(dtype).mul(scalar).dtype).toBe(want);
    }
  });

  test('division is true division: integers divide into float32', () => {
    expect(
      tensor([1, 2], { dtype: 'int32' })
        .div(tensor([2, 4], { dtype: 'int32' }))
        .toArray(),
    ).toEqual([0.5, 0.5]);
    expect(dimmed('int32').div(dimmed('int32')).dtype).toBe('float32');
    expect(dimmed('bool').div(dimmed('bool')).dtype).toBe('float32');
    expect(dimmed('int32').div(2).dtype).toBe('float32');
    expect(dimmed('int32').rdiv(2).dtype).toBe('float32');
    expect(dimmed('float64').div(dimmed('int32')).dtype).toBe('float64');
  });

  test('comparisons give bool for every dtype pair', () => {
    for (const a of DTYPES) {
      for (const b of DTYPES) {
        for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const)
          expect(dimmed(a)[op](dimmed(b)).dtype).toBe('bool');
      }
    }
    expect(tensor([1, 2], { dtype: 'int32' }).lt(1.5).toArray()).toEqual([1, 0]);
  });

  test('a scalar is converted to the computation dtype first, as in PyTorch', () => {
    expect(tensor([0.1]).eq(0.1).item()).toBe(1);
    expect(tensor([0.1]).gt(0.1).item()).toBe(0);
    expect(
      tensor([0.1])
        .eq(tensor(0.1, { dtype: 'float64' }))
        .item(),
    ).toBe(1);
    expect(tensor([0.1], { dtype: 'float64' }).eq(0.1).item()).toBe(1);
    // A dimensioned float64 operand makes the computation float64, where float32(0.1) != 0.1.
    expect(
      tensor([0.1])
        .eq(tensor([0.1], { dtype: 'float64' }))
        .item(),
    ).toBe(0);
    const x = tensor([0.1]);
    expect(x.sub_(0.1).item()).toBe(0);
  });

  test('bool op bool: add is logical or, mul logical and, sub an error', () => {
    const a = tensor([true, true, false, false]);
    const b = tensor([true, false, true, false]);
    expect(a.add(b).dtype).toBe('bool');
    expect(a.add(b).toArray()).toEqual([1, 1, 1, 0]);
    expect(a.mul(b).toArray()).toEqual([1, 0, 0, 0]);
    expect(a.t().add(b.t()).toArray()).toEqual([1, 1, 1, 0]);
    expect(a.maximum(b).toArray()).toEqual([1, 1, 1, 0]);
    expect(() => a.sub(b)).toThrow(DTypeError);
    expect(() => a.sub(b)).toThrow('sub: subtraction with two bool tensors is not supported');
    expect(() => a.rsub(b)).toThrow(DTypeError);
    expect(a.add(1).toArray()).toEqual([2, 2, 1, 1]);
    expect(a.pow(b).dtype).toBe('int32');
  });

  test('in-place results that cannot be cast to the target dtype raise DTypeError', () => {
    expect(() => int().add_(0.5)).toThrow(DTypeError);
    expect(() => int().add_(0.5)).toThrow("add_: result type float32 can't be cast to the desired output type int32");
    expect(() => int().div_(2)).toThrow("div_: result type float32 can't be cast to the desired output type int32");
    expect(() => int().mul_(zeroDim('float32'))).toThrow(DTypeError);
    expect(() => tensor([true]).add_(1)).toThrow(
      "add_: result type int32 can't be cast to the desired output type bool",
    );
    expect(() => tensor([true]).pow_(tensor([true]))).toThrow(DTypeError);
    expect(() => int().exp_()).toThrow("exp_: result type float32 can't be cast to the desired output type int32");
    expect(() => int().clamp_(0.5)).toThrow(DTypeError);
    // Within a category the result is stored: float32 target, float64 operand.
    expect(zeros([2]).add_(tensor([0.1, 0.2], { dtype: 'float64' })).dtype).toBe('float32');
    expect(int().mul_(3).toArray()).toEqual([3, 6]);
    expect(
      tensor([true, false])
        .add_(tensor([false, false]))
        .toArray(),
    ).toEqual([1, 0]);
  });

  test('pow with integer tensors refuses negative integer scalar exponents', () => {
    expect(() => tensor([2], { dtype: 'int32' }).pow(-1)).toThrow(
      'pow: integers to negative integer powers are not allowed (exponent -1 on int32)',
    );
    expect(tensor([2], { dtype: 'int32' }).pow(-0.5).dtype).toBe('float32');
    expect(tensor([2, 3], { dtype: 'int32' }).pow(2).toArray()).toEqual([4, 9]);
  });
});
