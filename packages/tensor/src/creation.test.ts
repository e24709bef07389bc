import { describe, expect, test } from 'vitest';
import {
  arange,
  DTypeError,
  empty,
  emptyLike,
  eye,
  fromTypedArray,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  ShapeError,
  tensor,
  ValueError,
  zeros,
  zerosLike,
  type DType,
} from './index.js';

describe('tensor()', () => {
  test('nested arrays give their shape; numbers infer float32, booleans bool', () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype).toBe('float32');
    expect(a.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor([[true], [false]]).toArray()).toEqual([[1], [0]]);
    expect(tensor([1.5, 2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(tensor([1, 2], { dtype: 'int32' }).toArray()).toEqual([1, 2]);
    expect(tensor([0.1]).item()).toBe(Math.fround(0.1));
  });

  test('scalars give 0-d arrays; empty lists give size-0 dims', () => {
    expect(tensor(3).shape).toEqual([]);
    expect(tensor(3).item()).toBe(3);
    expect(tensor(true).dtype).toBe('bool');
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });

  test('typed arrays keep their dtype and are copied', () => {
    const source = new Int32Array([1, 2, 3]);
    const a = tensor(source);
    expect(a.dtype).toBe('int32');
    source[0] = 99;
    expect(a.get(0)).toBe(1);
    expect(tensor(new Float64Array([0.5])).dtype).toBe('float64');
    expect(tensor(new Uint8Array([1, 0])).dtype).toBe('bool');
    expect(tensor(new Float32Array([1.5]), { dtype: 'float64' }).toArray()).toEqual([1.5]);
  });

  test('ragged or non-numeric input is rejected with the position', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'tensor: ragged nested array: expected a sequence of length 2 at [1] (shape [2, 2]), got an array of length 1',
    );
    expect(() => tensor([1, [2]] as never)).toThrow(
      'tensor: expected a number or boolean at [1], got an array of length 1',
    );
    expect(() => tensor(['a'] as never)).toThrow(ValueError);
    expect(() => tensor([1], { dtype: 'int64' as DType })).toThrow(DTypeError);
    expect(() => tensor([1], { dtype: 'int64' as DType })).toThrow(
      'tensor: unknown dtype "int64"; expected one of float32, float64, int32, bool',
    );
  });
});

describe('filled arrays', () => {
  test('zeros, ones, full and empty take a shape or a single size', () => {
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones(3).toArray()).toEqual([1, 1, 1]);
    expect(ones([], { dtype: 'int32' }).toArray()).toBe(1);
    expect(full([2], 7.5, { dtype: 'float64' }).toArray()).toEqual([7.5, 7.5]);
    expect(empty([2, 0]).shape).toEqual([2, 0]);
    expect(zeros([2]).dtype).toBe('float32');
    expect(() => zeros([2, -1])).toThrow(ValueError);
    expect(() => ones([1.5])).toThrow('full: invalid shape [1.5]; dimensions must be non-negative integers');
  });

  test('*Like keep shape and dtype unless told otherwise', () => {
    const a = tensor([[1, 2, 3]], { dtype: 'int32' }).t();
    for (const like of [zerosLike(a), onesLike(a), fullLike(a, 4), emptyLike(a)]) {
      expect(like.shape).toEqual([3, 1]);
      expect(like.dtype).toBe('int32');
      expect(like.storage).not.toBe(a.storage);
    }
    expect(fullLike(a, 4).toArray()).toEqual([[4], [4], [4]]);
    expect(onesLike(a, { dtype: 'float64' }).dtype).toBe('float64');
  });

  test('eye is the identity, rectangular when asked', () => {
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eye(2, 3, { dtype: 'int32' }).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye(0).shape).toEqual([0, 0]);
  });

  test('fromTypedArray wraps the memory without copying', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const a = fromTypedArray(data, [2, 3]);
    expect(a.dtype).toBe('float64');
    a.set(-1, 1, 2);
    expect(data[5]).toBe(-1);
    expect(fromTypedArray(new Int32Array(3)).shape).toEqual([3]);
    expect(() => fromTypedArray(data, [4, 2])).toThrow('fromTypedArray: shape [4, 2] needs 8 elements, got 6');
  });
});

describe('ranges', () => {
  test('arange infers int32 from integer arguments, float32 otherwise', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(4).dtype).toBe('int32');
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(0, 1, 0.25).dtype).toBe('float32');
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(0, 1, 0.1).shape).toEqual([10]);
    expect(arange(3, undefined, 1, { dtype: 'float64' }).dtype).toBe('float64');
    expect(arange(0).shape).toEqual([0]);
  });

  test('arange counts down with a negative step', () => {
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(1, 0, -0.25).toArray()).toEqual([1, 0.75, 0.5, 0.25]);
  });

  test('arange rejects a zero step, a step of the wrong sign and non-finite bounds', () => {
    expect(() => arange(0, 5, 0)).toThrow('arange: step must be finite and nonzero, got 0');
    expect(() => arange(0, 5, -1)).toThrow(ValueError);
    expect(() => arange(0, 5, -1)).toThrow('(start 0, end 5, step -1)');
    expect(() => arange(0, Infinity)).toThrow(ValueError);
  });

  test('linspace includes both ends exactly', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const x = linspace(-1, 0.3, 7, { dtype: 'float64' });
    expect(x.get(0)).toBe(-1);
    expect(x.get(6)).toBe(0.3);
    expect(linspace(0, 10, 1).toArray()).toEqual([0]);
    expect(linspace(0, 10, 0).shape).toEqual([0]);
    expect(linspace(5, 1, 3).toArray()).toEqual([5, 3, 1]);
    expect(() => linspace(0, 1, -1)).toThrow(ValueError);
  });
});

describe('shapes too large for a typed array', () => {
  // Nothing is allocated: the element count is checked first, and the error names op and count.
  test('creation functions and ops refuse them with a ValueError', () => {
    expect(() => zeros([1e9, 1e9])).toThrow(
      new ValueError(
        'zeros: cannot allocate 1000000000000000000 float32 elements (shape [1000000000, 1000000000]); a JavaScript typed array holds at most 4294967296 elements',
      ),
    );
    expect(() => arange(0, 1e12)).toThrow(/^arange: cannot allocate 1000000000000 int32 elements/);
    const huge = zeros([1]).expand([1e10]); // a view: nothing to allocate, as in PyTorch
    expect(huge.shape).toEqual([1e10]);
    expect(() => huge.add(1)).toThrow(/^add: cannot allocate 10000000000 float32 elements \(shape \[10000000000\]\)/);
    expect(() => huge.clone()).toThrow(ValueError);
    expect(() => huge.exp()).toThrow(/^exp: /);
  });
});
