import type { Measurement, Metric, Runner } from '../workload.js';

/** The tutorial's training setup, shared by both seed loops. */
export const SEED_SETUP = {
  examples: 1000,
  batchSize: 10,
  lr: 0.03,
  epochs: 3,
  trueB: 4.2,
  /** The scratch program's true weights. */
  scratchW: [2, -3.4],
  /** The concise program's (`d2l.synthetic_data` with [2, -3.14]). */
  conciseW: [2, -3.14],
} as const;

export interface SeedRunOptions {
  epochs?: number;
  seed?: number;
  /** Called after each epoch's full-data loss (the memory workload's children report RSS there). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** What one training run reports: its training time and how well it learned. */
export interface SeedRun {
  /** From before the first epoch to after the last epoch's full-data loss, as the seed times it. */
  seconds: number;
  steps: number;
  /** Mean squared (scratch: halved) loss over all the data after each epoch. */
  losses: number[];
  /** max |true w - learned w| and |true b - learned b|. */
  wError: number;
  bError: number;
}

export function stepsPerRun(epochs: number = SEED_SETUP.epochs): number {
  return epochs * Math.ceil(SEED_SETUP.examples / SEED_SETUP.batchSize);
}

export function maxAbsDifference(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(expected[i]! - actual[i]!));
  return max;
}

/** Total training seconds and microseconds per step of the 3-epoch run. */
export function seedMetrics(): Metric[] {
  const steps = stepsPerRun();
  return [
    {
      id: 'trainSeconds',
      label: 'training time (3 epochs)',
      unit: 's',
      better: 'lower',
      value: (m: Measurement) => m.seconds / m.iterations,
    },
    {
      id: 'stepMicroseconds',
      label: 'per training step',
      unit: 'µs',
      better: 'lower',
      value: (m: Measurement) => (m.seconds / m.iterations / steps) * 1e6,
    },
  ];
}

/** One iteration = one whole training run; the time is the run's own training time. */
export function seedRunner(train: () => SeedRun | Promise<SeedRun>, activate?: () => Promise<void>): Runner {
  return {
    ...(activate === undefined ? {} : { activate }),
    async run(iterations) {
      let seconds = 0;
      let finalLoss = Number.NaN;
      for (let i = 0; i < iterations; i++) {
        const result = await train();
        seconds += result.seconds;
        finalLoss = result.losses.at(-1) ?? Number.NaN;
      }
      return { seconds, iterations, values: { finalLoss } };
    },
  };
}
