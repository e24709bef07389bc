import { pytorchRunner } from '../../pytorch-worker.js';
import { useBackend, type TfjsBackend } from '../../tfjs.js';
import type { RunnerFactory, Workload } from '../../workload.js';
import { seedMetrics, seedRunner } from '../seed-run.js';
import { seedConciseJsPytorch } from './js-pytorch.js';
import { seedConciseTfjs } from './tfjs.js';
import { seedConciseTorchlet } from './torchlet.js';

function tfjs(backend: TfjsBackend): RunnerFactory {
  return async (peers) => {
    const tf = peers.tf!;
    await useBackend(tf, backend);
    return seedRunner(
      () => seedConciseTfjs(tf),
      () => useBackend(tf, backend),
    );
  };
}

export const seedConciseWorkload: Workload = {
  id: 'seed-concise',
  label: 'seed concise loop',
  description:
    'The tutorial’s concise linear regression: syntheticData + TensorDataset + DataLoader(batch 10, shuffle) + Sequential(Linear(2, 1)) + MSELoss + SGD(lr 0.03), 3 epochs, full-data loss after each. tfjs uses model.fit; PyTorch runs fixtures/pytorch/seed_concise.py itself.',
  cases: () => [
    {
      id: 'train',
      label: 'seed concise loop',
      metrics: seedMetrics(),
      minWarmupSeconds: 0.5,
      libraries: {
        torchlet: () => seedRunner(() => seedConciseTorchlet()),
        'tfjs-cpu': tfjs('cpu'),
        'tfjs-wasm': tfjs('wasm'),
        'js-pytorch': () => seedRunner(() => seedConciseJsPytorch()),
        pytorch: pytorchRunner('seed-concise', { seed: 0 }),
      },
    },
  ],
};
