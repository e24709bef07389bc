import { beforeAll, describe, expect, test } from 'vitest';
import { useBackend, type Tfjs } from './tfjs.js';
import { loadTfjsInVitest } from './tfjs.test-util.js';
import { lenetTfjs, lenetTorchlet } from './workloads/lenet.js';
import type { Trainer } from './workloads/trainer.js';

let tf: Tfjs;
beforeAll(async () => {
  tf = await loadTfjsInVitest();
});

/** A small batch and a larger step than the bench, so a few steps show learning. */
const OPTIONS = { batch: 4, lr: 0.05 };

/** Trains on one fixed random batch: the loss starts near ln 10 and falls as the batch is memorised. */
function expectLearns(trainer: Trainer, steps: number): void {
  trainer.step();
  const first = trainer.loss();
  expect(first).toBeGreaterThan(1);
  expect(first).toBeLessThan(4);
  for (let i = 0; i < steps; i++) trainer.step();
  expect(trainer.loss()).toBeLessThan(first * 0.7);
}

describe('the LeNet-5 training step', () => {
  test('learns in torchlet', () => expectLearns(lenetTorchlet(OPTIONS), 30));

  test('learns in tfjs cpu, leaving no tensor behind', async () => {
    await useBackend(tf, 'cpu');
    const before = tf.memory().numTensors;
    // tfjs's cpu backend convolves in plain JavaScript (~17 samples/s): fewer, larger steps.
    const trainer = lenetTfjs(tf, { batch: 2, lr: 0.1 });
    expectLearns(trainer, 8);
    trainer.dispose!();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('cannot train in tfjs wasm, which has no convolution gradient kernels (the bench reports it)', async () => {
    await useBackend(tf, 'wasm');
    const trainer = lenetTfjs(tf, OPTIONS);
    expect(() => trainer.step()).toThrow(/Conv2DBackpropFilter' not registered for backend 'wasm'/);
    trainer.dispose!();
  });
});
