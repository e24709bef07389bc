import { describe, expect, test } from 'vitest';
import * as tensorPackage from './index.js';
import {
  arange,
  broadcastShapes,
  DTypeError,
  Generator,
  IndexError,
  normalizeDim,
  ShapeError,
  tensor,
  TorchletError,
  ValueError,
  zeros,
} from './index.js';

const CLASSES = { TorchletError, ShapeError, DTypeError, IndexError, ValueError };

describe('error classes', () => {
  test.each(Object.entries(CLASSES))('%s is exported, named, and a TorchletError', (name, ErrorClass) => {
    expect(tensorPackage).toHaveProperty(name, ErrorClass);
    const error = new ErrorClass('message');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(TorchletError);
    expect(error.name).toBe(name);
    expect(error.message).toBe('message');
  });

  test('the subclasses are distinct', () => {
    expect(new ShapeError('x')).not.toBeInstanceOf(DTypeError);
    expect(new IndexError('x')).not.toBeInstanceOf(ValueError);
  });
});

/** Runs `f`, expecting it to throw `ErrorClass`; returns the message. */
function messageOf(ErrorClass: new (message: string) => Error, f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ErrorClass);
    return (error as Error).message;
  }
  throw new Error('expected an exception');
}

describe('messages name the op and what it received', () => {
  test('ShapeError: broadcasting names both shapes and the failing dimension', () => {
    expect(messageOf(ShapeError, () => zeros([2, 3]).mul(zeros([4, 1, 2])))).toBe(
      'mul: shapes [2, 3] and [4, 1, 2] cannot be broadcast together (dimension 2: 3 != 2)',
    );
    expect(messageOf(ShapeError, () => broadcastShapes('where', [0], [2]))).toBe(
      'where: shapes [0] and [2] cannot be broadcast together (dimension 0: 0 != 2)',
    );
    expect(messageOf(ShapeError, () => zeros([3, 4]).matmul(zeros([5, 2])))).toBe(
      'matmul: shapes [3, 4] and [5, 2] cannot be multiplied (4 != 5)',
    );
    expect(messageOf(ShapeError, () => zeros([2]).copy_(zeros([3])))).toBe(
      'copy_: shapes [3] and [2] cannot be broadcast together (dimension 0: 3 != 2)',
    );
    expect(messageOf(ShapeError, () => zeros([2, 2]).permute([0]))).toBe(
      "permute: number of dims don't match: got [0] for a tensor of shape [2, 2]",
    );
  });

  test('IndexError: out-of-range dims give the valid range', () => {
    expect(messageOf(IndexError, () => zeros([2, 3]).transpose(0, 2))).toBe(
      'transpose: dimension out of range (expected to be in range of [-2, 1], but got 2)',
    );
    expect(messageOf(IndexError, () => zeros([2]).unsqueeze(-3))).toBe(
      'unsqueeze: dimension out of range (expected to be in range of [-2, 1], but got -3)',
    );
    expect(messageOf(IndexError, () => normalizeDim('softmax', 1, 0))).toBe(
      'softmax: dimension out of range (expected to be in range of [-1, 0], but got 1)',
    );
    expect(messageOf(IndexError, () => arange(4).select(0, 4))).toBe(
      'select: index 4 is out of bounds for dimension 0 with size 4',
    );
    expect(messageOf(IndexError, () => arange(4).narrow(0, 2, 3))).toBe(
      'narrow: start (2) + length (3) exceeds dimension size (4) of dim 0',
    );
  });

  test('DTypeError: the op and the dtypes involved', () => {
    expect(messageOf(DTypeError, () => tensor([1.5]).to('int32').add_(0.5))).toBe(
      "add_: result type float32 can't be cast to the desired output type int32",
    );
    expect(messageOf(DTypeError, () => tensor([NaN]).to('int32'))).toBe(
      'to(int32): cannot convert NaN (element 0) from float32 to int32; the value is NaN, infinite or out of range',
    );
    expect(messageOf(DTypeError, () => tensor([true]).neg())).toBe(
      "neg: not supported for bool tensors; cast with .to('float32') or .to('int32') first",
    );
  });

  test('ValueError: the argument and its value', () => {
    expect(messageOf(ValueError, () => arange(4).slice(0, 0, 4, 0))).toBe(
      'slice: step must be a positive integer, got 0',
    );
    expect(messageOf(ValueError, () => zeros([2]).item())).toBe(
      'item: a tensor with 2 elements cannot be converted to a scalar',
    );
    expect(messageOf(ValueError, () => new Generator().setState(new Uint8Array(40)))).toContain('Generator.setState');
  });
});
