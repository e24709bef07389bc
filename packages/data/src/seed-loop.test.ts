import { Generator, matmul, mean, noGrad, normal, tensor, zeros, type Tensor } from '@torchlet/autograd';
import { expect, test } from 'vitest';
import { DataLoader, type DataLoaderState } from './data-loader.js';
import { syntheticData } from './synthetic-data.js';
import { TensorDataset } from './tensor-dataset.js';

interface Run {
  w: Tensor;
  b: Tensor;
  loader: DataLoader<[Tensor, Tensor]>;
}

const trueW = tensor([2, -3.14]);
const [features, labels] = syntheticData(trueW, 4.2, 1000, { generator: new Generator(0) });

function start(seed: number): Run {
  const loader = new DataLoader(new TensorDataset(features, labels), {
    batchSize: 10,
    shuffle: true,
    generator: new Generator(seed),
  });
  const w = normal(0, 0.01, [2, 1], { generator: new Generator(1), requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  return { w, b, loader };
}

/** One epoch of the seed's concise loop (squared loss, SGD with lr 0.03), the model written out by hand. */
function trainEpoch({ w, b, loader }: Run): number {
  for (const [x, y] of loader) {
    const loss = mean(matmul(x, w).add(b).sub(y).pow(2));
    loss.backward();
    noGrad(() => {
      for (const p of [w, b]) {
        p.sub_(p.grad!.mul(0.03));
        p.grad!.zero_();
      }
    });
  }
  return noGrad(() => mean(matmul(features, w).add(b).sub(labels).pow(2)).item());
}

test('the seed concise loop converges over the DataLoader', () => {
  const run = start(0);
  const losses = [trainEpoch(run), trainEpoch(run), trainEpoch(run)];
  expect(losses[2]).toBeLessThan(2e-4);
  const wError = trueW
    .sub(run.w.reshape([2]))
    .abs()
    .max()
    .item();
  expect(wError).toBeLessThan(0.01);
});

test('resuming from an epoch-boundary checkpoint trains exactly like the uninterrupted run', () => {
  const uninterrupted = start(5);
  for (let e = 0; e < 3; e++) trainEpoch(uninterrupted);

  const crashed = start(5);
  trainEpoch(crashed);
  const saved: { w: number[]; b: number[]; loader: DataLoaderState } = {
    w: Array.from(crashed.w.toTypedArray()),
    b: Array.from(crashed.b.toTypedArray()),
    loader: crashed.loader.stateDict(),
  };

  const resumed = start(77);
  noGrad(() => {
    resumed.w.copy_(tensor(saved.w).reshape([2, 1]));
    resumed.b.copy_(tensor(saved.b));
  });
  resumed.loader.loadStateDict(saved.loader);
  for (let e = 1; e < 3; e++) trainEpoch(resumed);

  expect(resumed.w.toArray()).toEqual(uninterrupted.w.toArray());
  expect(resumed.b.toArray()).toEqual(uninterrupted.b.toArray());
});
