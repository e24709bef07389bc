import { defaultGenerator, manualSeed, noGrad, tensor } from '@torchlet/autograd';
import { DataLoader, syntheticData, TensorDataset } from '@torchlet/data';
import { Dropout, Linear, MSELoss, ReLU, Sequential } from '@torchlet/nn';
import { Adam, SGD, StepLR } from '@torchlet/optim';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-resume-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A run with every kind of state a resume must restore: momentum buffers, Adam moments, a
 * scheduler, a shuffling loader, dropout drawing from the default generator.
 */
function setup(kind: 'sgd' | 'adam') {
  manualSeed(1);
  const [x, y] = syntheticData(tensor([2, -3.4, 1.5]), 4.2, 200);
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 16, shuffle: true });
  const model = new Sequential(new Linear(3, 8), new ReLU(), new Dropout(0.1), new Linear(8, 1));
  const optimizer =
    kind === 'sgd'
      ? new SGD(model.parameters(), { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })
      : new Adam(model.parameters(), { lr: 0.01, amsgrad: true });
  const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  const lossFn = new MSELoss();
  const losses: number[] = [];
  const epoch = () => {
    for (const [bx, by] of loader) {
      optimizer.zeroGrad();
      const loss = lossFn.forward(model.forward(bx), by);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    scheduler.step();
  };
  return {
    model,
    optimizer,
    scheduler,
    loader,
    losses,
    epoch,
    evaluate: () => noGrad(() => lossFn.forward(model.eval().forward(x), y).item()),
  };
}

test.each(['sgd', 'adam'] as const)(
  'a run resumed from its checkpoint is bit-identical to an uninterrupted one (%s)',
  async (kind) => {
    const uninterrupted = setup(kind);
    for (let e = 0; e < 6; e++) uninterrupted.epoch();

    const first = setup(kind);
    for (let e = 0; e < 3; e++) first.epoch();
    const path = join(dir, `${kind}.safetensors`);
    await saveCheckpoint(path, {
      model: first.model,
      optimizer: first.optimizer,
      scheduler: first.scheduler,
      epoch: 3,
      generators: { default: defaultGenerator },
      loaders: { train: first.loader },
    });
    manualSeed(12345); // anything the interrupted process did afterwards must not matter

    const resumed = setup(kind); // a new process: fresh model, optimizer, loader
    const restored = await loadCheckpoint(path, {
      model: resumed.model,
      optimizer: resumed.optimizer,
      scheduler: resumed.scheduler,
      generators: { default: defaultGenerator },
      loaders: { train: resumed.loader },
    });
    expect(restored.epoch).toBe(3);
    for (let e = 3; e < 6; e++) resumed.epoch();

    expect(resumed.losses).toEqual(uninterrupted.losses.slice(first.losses.length));
    for (const [key, value] of Object.entries(uninterrupted.model.stateDict())) {
      expect(resumed.model.stateDict()[key]!.toArray(), key).toEqual(value.toArray());
    }
    expect(resumed.evaluate()).toBe(uninterrupted.evaluate());
  },
);
