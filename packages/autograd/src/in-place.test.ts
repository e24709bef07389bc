import { describe, expect, test } from 'vitest';
import { arange, AutogradError, noGrad, ones, tensor, ValueError, zeros, type Tensor } from './index.js';

// Every expected value below is what PyTorch 1.13 gives for the same program.
const leaf = (values: number[]) => tensor(values, { requiresGrad: true });
const positions = (n: number) => arange(0, n, 1, { dtype: 'float32' });

describe('in-place writes through views join the base to the graph (CopySlices)', () => {
  test('a tensor that requires grad written into a view of one that does not', () => {
    const w = leaf([1, 1]);
    const x = zeros([4]);
    x.narrow(0, 1, 2).add_(w);
    expect(x.requiresGrad).toBe(true);
    expect(x.isLeaf).toBe(false);
    expect(String(x.gradFn)).toBe('<CopySlices>');
    x.mul(positions(4)).sum().backward();
    expect(w.grad!.toArray()).toEqual([1, 2]);
  });

  test('other views of the base, made before the write, see it too', () => {
    const w = leaf([1, 1]);
    const x = zeros([4]);
    const before = x.narrow(0, 0, 3);
    x.narrow(0, 1, 2).add_(w);
    expect(String(before.gradFn)).toBe('<AsStridedBackward0>');
    before.sum().backward();
    expect(w.grad!.toArray()).toEqual([1, 1]);
  });

  test('a view of a non-leaf: the base and the view keep their history and add the op', () => {
    const w = leaf([2, 3]);
    const x = w.mul(1);
    const v = x.narrow(0, 0, 1);
    v.mul_(3);
    expect(String(x.gradFn)).toBe('<CopySlices>');
    expect(String(v.gradFn)).toBe('<AsStridedBackward0>');
    x.mul(tensor([1, 10]))
      .sum()
      .backward();
    expect(w.grad!.toArray()).toEqual([3, 10]);
    w.grad = null;
    w.mul(1).narrow(0, 1, 1).exp_().sum().backward();
    expect(w.grad!.toArray()).toEqual([0, Math.fround(Math.exp(3))]);
  });

  test('views of views, transposed views and expanded views all route to the base', () => {
    const w = ones([2, 3], { requiresGrad: true });
    const x = w.mul(1);
    const v = x.t();
    v.add_(1);
    v.select(0, 0).mul_(5);
    x.mul(positions(6).reshape([2, 3]))
      .sum()
      .backward();
    expect(w.grad!.toArray()).toEqual([
      [0, 1, 2],
      [15, 4, 5],
    ]);
    // An expanded view recreated from its base sums its repeated elements' gradients.
    const y = zeros([3]);
    const e = y.narrow(0, 0, 1).expand([3]);
    const u = ones([3], { requiresGrad: true });
    y.add_(u);
    e.sum().backward();
    expect(u.grad!.toArray()).toEqual([3, 0, 0]);
  });

  test('createGraph goes through CopySlices and the recreated views', () => {
    const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const x = zeros([3], { dtype: 'float64' });
    x.narrow(0, 1, 2).add_(w.mul(w));
    x.sum().backward(undefined, { createGraph: true });
    const g = w.grad!;
    expect(g.toArray()).toEqual([2, 4]);
    w.grad = null;
    g.sum().backward();
    expect(w.grad!.toArray()).toEqual([2, 2]);
  });

  test('in-place ops on a view of a leaf that requires grad still raise', () => {
    const w = leaf([1, 2]);
    expect(() => w.narrow(0, 0, 1).mul_(2)).toThrow(
      new AutogradError('mul_: a view of a leaf Variable that requires grad is being used in an in-place operation.'),
    );
    const v = zeros([3]).narrow(0, 0, 2).requiresGrad_();
    expect(() => v.mul_(2)).toThrow(/a view of a leaf Variable that requires grad/);
  });

  test('a view made with grad mode off cannot be written in place with it on', () => {
    const x = leaf([1, 2]).mul(1);
    const v = noGrad(() => x.narrow(0, 0, 1));
    expect(() => v.mul_(2)).toThrow(/^mul_: A view was created in no_grad mode and is being modified inplace/);
    noGrad(() => v.mul_(2)); // both inside noGrad: fine, and untracked
    expect(x.toArray()).toEqual([2, 2]);
    expect(() => noGrad(() => zeros([3]).narrow(0, 0, 1)).add_(leaf([1]))).toThrow(AutogradError);
  });
});

describe('in-place ops keep what backward needs, as PyTorch does', () => {
  test('copy_ into a tracked non-leaf keeps its history (CopyBackwards)', () => {
    const w = leaf([2, 3]);
    const x = w.mul(2);
    x.copy_(ones([2]));
    expect(String(x.gradFn)).toBe('<CopyBackwards>');
    expect(x.requiresGrad && !x.isLeaf).toBe(true);
    x.sum().backward();
    expect(w.grad!.toArray()).toEqual([0, 0]); // the old value takes a zero gradient
    const target = zeros([2, 2]);
    const source = leaf([1, 1]);
    target.copy_(source);
    target.sum().backward();
    expect(source.grad!.toArray()).toEqual([2, 2]); // broadcast back to the source
  });

  test('fill_, zero_, normal_ and uniform_ give the old value a zero gradient, never NaN', () => {
    const names: string[] = [];
    for (const write of [
      (t: Tensor) => t.fill_(3),
      (t: Tensor) => t.zero_(),
      (t: Tensor) => t.normal_(),
      (t: Tensor) => t.uniform_(),
    ]) {
      const w = leaf([1, 2]);
      const x = w.mul(1);
      write(x);
      names.push(x.gradFn!.name);
      x.backward(tensor([Infinity, 1]));
      expect(w.grad!.toArray()).toEqual([0, 0]);
    }
    expect(names).toEqual(['FillBackward2', 'ZeroBackward0', 'NormalBackward0', 'UniformBackward0']);
  });

  test('a saved result written again is caught; an overwritten input is kept as a private copy', () => {
    const w = leaf([1, 1]);
    const x = w.mul(1);
    x.exp_();
    x.mul_(2);
    expect(() => x.sum().backward()).toThrow(/modified by an inplace operation/);
    const v = tensor([2, 3], { requiresGrad: true });
    const a = v.mul(1);
    a.mul_(v); // MulBackward0 needs a's old value for v's gradient
    a.sum().backward();
    expect(v.grad!.toArray()).toEqual([4, 6]);
  });

  test('mul and div save only what the inputs that require grad need', () => {
    const a = leaf([1, 2]);
    const b = tensor([3, 4]);
    const y = a.mul(b);
    const z = a.div(b);
    a.detach().add_(1); // a is not needed: only a requires grad
    y.sum().backward();
    z.sum().backward();
    expect(a.grad!.toArray()).toEqual([3 + 1 / 3, 4 + 1 / 4].map(Math.fround));
    const c = tensor([3, 4]);
    const d = leaf([1, 2]);
    const q = c.div(d); // d's gradient needs both
    c.add_(1);
    expect(() => q.sum().backward()).toThrow(/modified by an inplace operation/);
  });
});

describe('in-place ops refuse inputs that overlap the output', () => {
  test('tracked and untracked alike, before anything is written', () => {
    const partial =
      /unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location/;
    const x = arange(0, 9, 1, { dtype: 'float32' }).reshape([3, 3]);
    expect(() => x.add_(x.t())).toThrow(ValueError);
    expect(() => x.copy_(x.t())).toThrow(partial);
    const y = leaf([1, 2, 3, 4]).mul(1);
    expect(() => y.narrow(0, 1, 3).copy_(y.narrow(0, 0, 3))).toThrow(partial);
    expect(y.toArray()).toEqual([1, 2, 3, 4]);
    expect(String(y.gradFn)).toBe('<MulBackward0>');
    expect(() => leaf([1]).mul(1).expand([3]).add_(1)).toThrow(/more than one element of the written-to tensor/);
    expect((x.add_(x).toArray() as number[][])[1]).toEqual([6, 8, 10]); // the very same elements are fine
  });
});
