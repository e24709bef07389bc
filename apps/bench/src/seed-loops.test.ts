import { beforeAll, describe, expect, test } from 'vitest';
import { useBackend, type Tfjs } from './tfjs.js';
import { loadTfjsInVitest } from './tfjs.test-util.js';
import { seedConciseJsPytorch } from './workloads/seed-concise/js-pytorch.js';
import { seedConciseTfjs } from './workloads/seed-concise/tfjs.js';
import { seedConciseTorchlet } from './workloads/seed-concise/torchlet.js';
import type { SeedRun } from './workloads/seed-run.js';
import { seedScratchJsPytorch } from './workloads/seed-scratch/js-pytorch.js';
import { seedScratchTfjs } from './workloads/seed-scratch/tfjs.js';
import { seedScratchTorchlet } from './workloads/seed-scratch/torchlet.js';

let tf: Tfjs;
beforeAll(async () => {
  tf = await loadTfjsInVitest();
});

/** What every library's run of the tutorial must show: 300 steps, a falling loss, the true parameters found. */
function expectConverged(run: SeedRun, finalLossBelow: number): void {
  expect(run.steps).toBe(300);
  expect(run.losses).toHaveLength(3);
  expect(run.losses[2]!).toBeLessThan(run.losses[0]!);
  expect(run.losses[2]!).toBeLessThan(finalLossBelow);
  expect(run.wError).toBeLessThan(0.01);
  expect(run.bError).toBeLessThan(0.01);
  expect(run.seconds).toBeGreaterThan(0);
}

// The tutorial prints losses like 0.000047 (halved squared error) and 0.0001 (mean squared error).
describe('the seed scratch loop converges in every library', () => {
  test('torchlet', () => expectConverged(seedScratchTorchlet(), 2e-4));
  test('js-pytorch', () => expectConverged(seedScratchJsPytorch(), 2e-4));
  for (const backend of ['cpu', 'wasm'] as const)
    test(`tfjs ${backend}, leaving no tensor behind`, async () => {
      await useBackend(tf, backend);
      const before = tf.memory().numTensors;
      expectConverged(seedScratchTfjs(tf), 2e-4);
      expect(tf.memory().numTensors).toBe(before);
    });

  test('runs are repeatable: same seed, same losses', async () => {
    expect(seedScratchTorchlet({ epochs: 1 }).losses).toEqual(seedScratchTorchlet({ epochs: 1 }).losses);
    expect(seedScratchJsPytorch({ epochs: 1 }).losses).toEqual(seedScratchJsPytorch({ epochs: 1 }).losses);
    await useBackend(tf, 'cpu');
    expect(seedScratchTfjs(tf, { epochs: 1 }).losses).toEqual(seedScratchTfjs(tf, { epochs: 1 }).losses);
  });

  test('onEpoch is called after every epoch with its loss', () => {
    const seen: [number, number][] = [];
    const run = seedScratchTorchlet({ epochs: 2, onEpoch: (epoch, loss) => seen.push([epoch, loss]) });
    expect(seen).toEqual([
      [1, run.losses[0]],
      [2, run.losses[1]],
    ]);
  });
});

describe('the seed concise loop converges in every library', () => {
  test('torchlet', () => expectConverged(seedConciseTorchlet(), 4e-4));
  test('js-pytorch', () => expectConverged(seedConciseJsPytorch(), 4e-4));
  for (const backend of ['cpu', 'wasm'] as const)
    test(`tfjs ${backend}, leaving no tensor behind`, async () => {
      await useBackend(tf, backend);
      const before = tf.memory().numTensors;
      expectConverged(await seedConciseTfjs(tf), 4e-4);
      expect(tf.memory().numTensors).toBe(before);
    });
});
