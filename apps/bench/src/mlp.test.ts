import { beforeAll, describe, expect, test } from 'vitest';
import { useBackend, type Tfjs } from './tfjs.js';
import { loadTfjsInVitest } from './tfjs.test-util.js';
import { mlpJsPytorch, mlpTfjs, mlpTorchlet } from './workloads/mlp.js';
import type { Trainer } from './workloads/trainer.js';

let tf: Tfjs;
beforeAll(async () => {
  tf = await loadTfjsInVitest();
});

/** A smaller batch and a larger step than the bench, so a few steps show learning. */
const OPTIONS = { batch: 16, lr: 0.1 };

/** Trains on one fixed random batch: the loss starts near ln 10 and falls as the batch is memorised. */
function expectLearns(trainer: Trainer): void {
  trainer.step();
  const first = trainer.loss();
  expect(first).toBeGreaterThan(1);
  expect(first).toBeLessThan(4);
  for (let i = 0; i < 14; i++) trainer.step();
  expect(trainer.loss()).toBeLessThan(first * 0.5);
}

describe('the MLP training step learns in every library', () => {
  test('torchlet', () => expectLearns(mlpTorchlet(OPTIONS)));
  test('js-pytorch', () => expectLearns(mlpJsPytorch(OPTIONS)));
  for (const backend of ['cpu', 'wasm'] as const)
    test(`tfjs ${backend}, leaving no tensor behind`, async () => {
      await useBackend(tf, backend);
      const before = tf.memory().numTensors;
      const trainer = mlpTfjs(tf, OPTIONS);
      expectLearns(trainer);
      trainer.dispose!();
      expect(tf.memory().numTensors).toBe(before);
    });
});
