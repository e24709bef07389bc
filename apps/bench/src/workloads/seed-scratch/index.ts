import { pytorchRunner } from '../../pytorch-worker.js';
import { useBackend, type TfjsBackend } from '../../tfjs.js';
import type { RunnerFactory, Workload } from '../../workload.js';
import { seedMetrics, seedRunner } from '../seed-run.js';
import { seedScratchJsPytorch } from './js-pytorch.js';
import { seedScratchTfjs } from './tfjs.js';
import { seedScratchTorchlet } from './torchlet.js';

function tfjs(backend: TfjsBackend): RunnerFactory {
  return async (peers) => {
    const tf = peers.tf!;
    await useBackend(tf, backend);
    return seedRunner(
      () => seedScratchTfjs(tf),
      () => useBackend(tf, backend),
    );
  };
}

export const seedScratchWorkload: Workload = {
  id: 'seed-scratch',
  label: 'seed scratch loop',
  description:
    'The tutorial’s from-scratch linear regression: 1000×2 synthetic data, shuffled batches of 10 gathered by index, squared loss, manual SGD (lr 0.03) under no-grad, 3 epochs = 300 steps, full-data loss after each epoch. PyTorch runs fixtures/pytorch/seed_scratch.py itself.',
  cases: () => [
    {
      id: 'train',
      label: 'seed scratch loop',
      metrics: seedMetrics(),
      minWarmupSeconds: 0.5,
      libraries: {
        torchlet: () => seedRunner(() => seedScratchTorchlet()),
        'tfjs-cpu': tfjs('cpu'),
        'tfjs-wasm': tfjs('wasm'),
        'js-pytorch': () => seedRunner(() => seedScratchJsPytorch()),
        pytorch: pytorchRunner('seed-scratch', { seed: 0 }),
      },
    },
  ],
};
