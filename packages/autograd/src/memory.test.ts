import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { manualSeed, matmul, noGrad, normal, randperm, tensor, zeros, type Tensor } from './index.js';

// `--expose-gc` without restarting node: set the flag, then fetch `gc` from a fresh context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test('50 epochs of the seed scratch loop keep the heap flat (nothing to dispose)', () => {
  manualSeed(0);
  const features = normal(0, 1, [1000, 2]);
  const labels = matmul(features, tensor([2, -3.4]))
    .add(4.2)
    .reshape([-1, 1]);
  const w = normal(0, 0.01, [2, 1], { requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  const loss = (x: Tensor, y: Tensor) => matmul(x, w).add(b).sub(y).pow(2).div(2);
  const epoch = () => {
    const order = Array.from(randperm(1000).toTypedArray());
    for (let i = 0; i < 1000; i += 10) {
      const batch = order.slice(i, i + 10);
      loss(features.indexSelect(0, batch), labels.indexSelect(0, batch)).sum().backward();
      noGrad(() => {
        for (const p of [w, b]) {
          p.sub_(p.grad!.mul(0.003));
          p.grad!.zero_();
        }
      });
    }
  };
  for (let e = 0; e < 5; e++) epoch(); // warm up: JIT code and caches reach their size
  // Growth over 20 epochs (2000 steps), measured in up to three windows: a leak (a graph or a
  // buffer kept per step, kilobytes each) grows the heap by megabytes in every window, while the
  // noise of a collection that happens to keep some young garbage does not repeat. So one flat
  // window passes, and the test fails only when every window grew.
  const growths: number[] = [];
  for (let window = 0; window < 3; window++) {
    const before = heapAfterGc();
    for (let e = 0; e < 20; e++) epoch();
    growths.push(heapAfterGc() - before);
    if (growths.at(-1)! < 512 * 1024) break;
  }
  expect(Math.min(...growths)).toBeLessThan(512 * 1024);
});
