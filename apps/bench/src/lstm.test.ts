import { beforeAll, describe, expect, test } from 'vitest';
import { useBackend, type Tfjs } from './tfjs.js';
import { loadTfjsInVitest } from './tfjs.test-util.js';
import { lstmTfjs, lstmTorchlet } from './workloads/lstm.js';
import type { Trainer } from './workloads/trainer.js';

let tf: Tfjs;
beforeAll(async () => {
  tf = await loadTfjsInVitest();
});

/** Shorter sequences, a small batch and a larger step than the bench, so a few steps show learning. */
const OPTIONS = { batch: 4, steps: 6, lr: 1 };

/** One fixed random batch: the loss starts near ln 64 ≈ 4.16 and falls as the batch is memorised. */
function expectLearns(trainer: Trainer, steps: number): void {
  trainer.step();
  const first = trainer.loss();
  expect(first).toBeGreaterThan(3.5);
  expect(first).toBeLessThan(5);
  for (let i = 0; i < steps; i++) trainer.step();
  expect(trainer.loss()).toBeLessThan(first * 0.8);
}

describe('the LSTM training step', () => {
  test('learns in torchlet', () => expectLearns(lstmTorchlet(OPTIONS), 15));
  // tfjs's LSTM is slow to set up and train here (under vitest its cpu backend took minutes for a
  // single step, so only its wasm backend is run): one step shows it runs the same model (the
  // loss starts near ln 64) and leaves nothing behind. The bench measures both backends.
  test('runs in tfjs wasm, leaving no tensor behind', async () => {
    const backend = 'wasm';
    await useBackend(tf, backend);
    const before = tf.memory().numTensors;
    const trainer = lstmTfjs(tf, { ...OPTIONS, steps: 2 });
    trainer.step();
    expect(trainer.loss()).toBeGreaterThan(3.5);
    expect(trainer.loss()).toBeLessThan(5);
    trainer.dispose!();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
