import { describe, expect, test } from 'vitest';
import { Function, type FunctionContext, tensor, type Tensor } from './index.js';

// A leaf's first gradient is taken as it is when nothing else holds it (PyTorch's AccumulateGrad
// steals a tensor whose reference count is 1) and copied otherwise: two tensors that share a
// gradient's storage would see each other's later in-place accumulation.

const storageOf = (t: Tensor) => t.array.storage;

/** Backward twice more: the first .grad is accumulated into in place; `others` must not move. */
function accumulateAgain(run: () => void, leaf: Tensor, others: readonly Tensor[]): void {
  const before = others.map((t) => t.toArray());
  run();
  expect(leaf.grad).not.toBeNull();
  expect(others.map((t) => t.toArray())).toEqual(before);
}

describe('a leaf’s first gradient', () => {
  test('one gradient reaching two leaves (add passes it to both) is copied for each', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).sum().backward();
    expect(storageOf(a.grad!)).not.toBe(storageOf(b.grad!));
    a.grad!.array.add_(10);
    expect(b.grad!.toArray()).toEqual([1, 1]);
  });

  test('a gradient given to backward() is the caller’s: copied, even passed straight through', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const g = tensor([5, 6]);
    a.add(0).backward(g);
    expect(a.grad!.toArray()).toEqual([5, 6]);
    expect(storageOf(a.grad!)).not.toBe(storageOf(g));
    const leaf = tensor([1, 2], { requiresGrad: true });
    leaf.backward(g);
    expect(storageOf(leaf.grad!)).not.toBe(storageOf(g));
    accumulateAgain(() => leaf.backward(g), leaf, [g]);
    expect(g.toArray()).toEqual([5, 6]);
  });

  test('a retained gradient and a leaf’s passed-through gradient do not share storage', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const h = a.add(0);
    h.retainGrad();
    h.mul(3).sum().backward();
    expect(h.grad!.toArray()).toEqual([3, 3]);
    expect(storageOf(a.grad!)).not.toBe(storageOf(h.grad!));
    a.grad!.array.add_(1);
    expect(h.grad!.toArray()).toEqual([3, 3]);
  });

  test('a custom Function’s gradient (user code: it may be a saved tensor) is copied', () => {
    const kept = tensor([7, 8]);
    class ReturnsKept extends Function {
      static override forward(_ctx: FunctionContext, x: Tensor): Tensor {
        return x.mul(1);
      }
      static override backward(): Tensor {
        return kept;
      }
    }
    const x = tensor([1, 2], { requiresGrad: true });
    ReturnsKept.apply(x).sum().backward();
    expect(storageOf(x.grad!)).not.toBe(storageOf(kept));
    accumulateAgain(() => ReturnsKept.apply(x).sum().backward(), x, [kept]);
    expect(x.grad!.toArray()).toEqual([14, 16]);
  });

  test('a rule’s own result that only this leaf receives is taken, and accumulates correctly', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const w = tensor([[0.5], [-1]], { requiresGrad: true });
    const loss = () => x.matmul(w).sum();
    loss().backward();
    expect(w.grad!.toArray()).toEqual([[4], [6]]);
    loss().backward();
    expect(w.grad!.toArray()).toEqual([[8], [12]]);
    // Two uses of one leaf: the engine's sum of both is its own.
    const v = tensor([1, 2], { requiresGrad: true });
    v.mul(2).add(v.mul(3)).sum().backward();
    expect(v.grad!.toArray()).toEqual([5, 5]);
  });
});
