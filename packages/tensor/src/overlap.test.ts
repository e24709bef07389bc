import { describe, expect, test } from 'vitest';
import { arange, overlap, tensor, ValueError, zeros } from './index.js';

const PARTIAL =
  'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.';
const INTERNAL =
  'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';

describe('in-place writes whose input overlaps the output (PyTorch’s checks and messages)', () => {
  test('a partly shared input is refused before anything is written', () => {
    const x = arange(9, undefined, 1, { dtype: 'float32' }).reshape([3, 3]);
    const before = x.toArray();
    expect(() => x.add_(x.t())).toThrow(new ValueError(`add_: ${PARTIAL}`));
    expect(() => x.copy_(x.t())).toThrow(new ValueError(`copy_: ${PARTIAL}`));
    expect(() => x.add_(x.select(0, 0))).toThrow(ValueError); // a row broadcast over its own matrix
    const v = zeros([4]);
    expect(() => v.narrow(0, 1, 3).copy_(v.narrow(0, 0, 3))).toThrow(`copy_: ${PARTIAL}`);
    expect(x.toArray()).toEqual(before);
    expect(x.storage.version).toBe(0);
  });

  test('the very same elements, disjoint parts and other storage are fine', () => {
    const x = arange(9, undefined, 1, { dtype: 'float32' }).reshape([3, 3]);
    expect(x.add_(x).toArray()).toEqual(arange(0, 18, 2, { dtype: 'float32' }).reshape([3, 3]).toArray());
    x.t().add_(x.t());
    x.select(0, 0).add_(x.narrow(0, 1, 2).sum(0));
    x.copy_(x);
    x.add_(x.clone().t());
    expect(overlap(x.narrow(0, 0, 1), x.narrow(0, 1, 1))).toBe('no');
    expect(overlap(x, x.view([3, 3]))).toBe('full');
  });

  test('layouts too hard to analyse are let through, reading a copy of the input', () => {
    // A column and a row share one cell; PyTorch cannot tell and allows it.
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(overlap(x.select(1, 0), x.select(0, 0))).toBe('too hard');
    x.select(1, 0).add_(x.select(0, 0));
    expect(x.toArray()).toEqual([
      [2, 2],
      [5, 4],
    ]);
  });

  test('writing into an expanded array (one cell for several elements) is refused', () => {
    const e = zeros([3]).expand([2, 3]);
    expect(() => e.add_(1)).toThrow(new ValueError(`add_: ${INTERNAL}`));
    expect(() => e.exp_()).toThrow(`exp_: ${INTERNAL}`);
    expect(() =>
      zeros([1])
        .expand([2, 3])
        .copy_(zeros([2, 3])),
    ).toThrow(`copy_: ${INTERNAL}`);
    expect(e.fill_(1).toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]); // fill_ writes one value everywhere, which PyTorch allows
  });
});
