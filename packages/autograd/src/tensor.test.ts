import { describe, expect, test } from 'vitest';
import { noGrad, normal, ones, sub, tensor, zeros } from './index.js';

describe('Tensor', () => {
  test('prints like PyTorch, with grad_fn or requires_grad', () => {
    const w = tensor([0.0003, -0.0011], { requiresGrad: true });
    expect(String(w)).toBe('tensor([ 0.0003, -0.0011], requires_grad=True)');
    expect(String(w.mul(1))).toBe('tensor([ 0.0003, -0.0011], grad_fn=<MulBackward0>)');
    expect(String(sub(tensor([2, -3.4]), w))).toBe('tensor([ 1.9997, -3.3989], grad_fn=<SubBackward0>)');
    expect(String(sub(4.2, tensor([4.1993], { requiresGrad: true })))).toBe(
      'tensor([0.0007], grad_fn=<RsubBackward1>)',
    );
    expect(String(tensor([1, 2], { dtype: 'float64' }))).toBe('tensor([1., 2.], dtype=torch.float64)');
  });

  test('grad is null until backward, then accumulates', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    expect(w.grad).toBeNull();
    w.mul(2).sum().backward();
    w.mul(3).sum().backward();
    expect(w.grad!.toArray()).toEqual([5, 5, 5]);
  });

  test('leaves get their own gradient buffer, never one shared with another tensor', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).sum().backward();
    a.grad!.zero_();
    expect(b.grad!.toArray()).toEqual([1, 1]);
  });

  test('data and detach share storage but are cut from the graph', () => {
    const w = zeros([2, 1], { requiresGrad: true });
    w.data.normal_(0, 0.01);
    expect(w.isLeaf && w.requiresGrad).toBe(true);
    expect(w.toArray()).not.toEqual([[0], [0]]);
    const d = w.detach();
    expect(d.requiresGrad).toBe(false);
    d.fill_(1);
    expect(w.toArray()).toEqual([[1], [1]]);
  });

  test('retainGrad keeps a non-leaf gradient', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const h = w.mul(3).retainGrad();
    h.pow(2).sum().backward();
    expect(h.grad!.toArray()).toEqual([6, 12]);
    expect(w.grad!.toArray()).toEqual([18, 36]);
  });

  test('mixed dtypes: each leaf gets a gradient of its own dtype', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    a.mul(b).sum().backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.dtype).toBe('float64');
  });

  test('gradients of unused inputs stay null and branches that carry none still finish', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const used = a.mul(2);
    const unused = b.mul(0).detach();
    used.add(unused).sum().backward();
    expect(a.grad!.toArray()).toEqual([2, 2]);
    expect(b.grad).toBeNull();
  });

  test('ops on tensors that do not require grad record nothing', () => {
    const y = ones([2]).mul(normal(0, 1, [2]));
    expect(y.gradFn).toBeNull();
    expect(noGrad(() => tensor([1], { requiresGrad: true }).exp()).requiresGrad).toBe(false);
  });

  test('argmax/argmin/max(dim) return int32 indices', () => {
    const x = tensor([
      [1, 5, 2],
      [7, 0, 3],
    ]);
    expect(x.argmax(1).toArray()).toEqual([1, 0]);
    expect(x.max(0).indices.dtype).toBe('int32');
    expect(x.min(1).values.toArray()).toEqual([1, 0]);
  });
});

test('mean over an empty dim list averages everything, gradient included (as PyTorch)', () => {
  const x = tensor([1, 2, 3, 4], { requiresGrad: true });
  const y = x.mean([]);
  expect(y.item()).toBe(2.5);
  y.backward();
  expect(x.grad!.toArray()).toEqual([0.25, 0.25, 0.25, 0.25]);
});
