import { describe, expect, test } from 'vitest';
import { AutogradError, noGrad, ones, tensor, zeros } from './index.js';

const leaf = () => tensor([1, 2, 3], { requiresGrad: true });

describe("autograd errors carry PyTorch's messages", () => {
  test('backward of a non-scalar needs a gradient', () => {
    expect(() => leaf().mul(2).backward()).toThrow(
      new AutogradError('grad can be implicitly created only for scalar outputs'),
    );
  });

  test('a gradient of the wrong shape names both shapes', () => {
    expect(() =>
      leaf()
        .mul(2)
        .backward(ones([2])),
    ).toThrow('Mismatch in shape: grad_output[0] has a shape of [2] and output[0] has a shape of [3].');
  });

  test('backward of a tensor outside any graph', () => {
    expect(() => zeros([3]).sum().backward()).toThrow(
      'element 0 of tensors does not require grad and does not have a grad_fn',
    );
  });

  test('in-place op on a leaf that requires grad', () => {
    expect(() => leaf().add_(1)).toThrow(
      'add_: a leaf Variable that requires grad is being used in an in-place operation.',
    );
    expect(() => leaf().zero_()).toThrow(
      'zero_: a leaf Variable that requires grad is being used in an in-place operation.',
    );
  });

  test('in-place op on a view of such a leaf', () => {
    expect(() => leaf().narrow(0, 0, 2).mul_(2)).toThrow(
      'mul_: a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
  });

  test('in-place ops on leaves are fine under noGrad (the tutorial’s sgd)', () => {
    const w = leaf();
    noGrad(() => w.sub_(1));
    expect(w.toArray()).toEqual([0, 1, 2]);
    expect(w.isLeaf).toBe(true);
  });

  test('a second backward through freed saved tensors', () => {
    const w = leaf();
    const y = w.mul(w).sum();
    y.backward();
    expect(() => y.backward()).toThrow(/MulBackward0: Trying to backward through the graph a second time/);
    expect(() => y.backward()).toThrow(/Specify retainGraph: true/);
  });

  test('retainGraph allows it and accumulates', () => {
    const w = leaf();
    const y = w.mul(w).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(w.grad!.toArray()).toEqual([4, 8, 12]);
  });

  test('nodes without saved tensors can be run again, as in PyTorch', () => {
    const w = leaf();
    const y = w.add(1).sum();
    y.backward();
    y.backward();
    expect(w.grad!.toArray()).toEqual([2, 2, 2]);
  });

  test('a saved tensor modified in place is reported at backward time', () => {
    const w = leaf();
    const b = w.mul(2);
    const c = b.mul(b);
    b.add_(1);
    expect(() => c.sum().backward()).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: [float32 [3]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead. (MulBackward0 saved it for backward.)',
    );
  });

  test('an output saved for backward and modified through detach() is reported too', () => {
    const w = leaf();
    const y = w.exp();
    y.detach().zero_();
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation.*ExpBackward0/);
  });

  test('only floating tensors can require grad', () => {
    expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(
      'only tensors of floating point dtype can require gradients, got int32',
    );
  });

  test('requiresGrad cannot be switched off on a non-leaf', () => {
    const y = leaf().mul(2);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(/you can only change requiresGrad flags of leaf variables/);
  });
});
