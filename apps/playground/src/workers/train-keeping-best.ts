// The training both classifier workers run: the tutorial's loop with Adam, each epoch reported,
// and the best epoch so far kept as a checkpoint in memory (what the demo's ModelCheckpoint
// writes to disk), so the model that is kept is a file that can be downloaded as it is.
import type { Generator as RandomGenerator } from '@torchlet/autograd';
import { encodeCheckpoint } from '@torchlet/checkpoint';
import { classifierEpochs, type Classifier, type EpochMetrics, type Split } from '@torchlet/demo/tutorial';
import { Adam } from '@torchlet/optim';
import type { TrainingSettings } from '../protocol/apis.js';
import { nextTask } from './serve.js';

export interface KeepingBest extends Classifier {
  readonly train: Split;
  readonly val: Split;
  readonly settings: TrainingSettings;
  /** Shuffles the minibatches. */
  readonly generator: RandomGenerator;
  /** Which epoch is best: the lowest validation loss or the highest validation accuracy. */
  readonly monitor: 'valLoss' | 'valAccuracy';
  /** Saved with each checkpoint (e.g. the seed its data split came from). */
  readonly extra?: unknown;
}

export async function trainKeepingBest(
  run: KeepingBest,
  progress: (metrics: EpochMetrics) => void,
): Promise<{ bytes: Uint8Array; epoch: number }> {
  const { model, settings } = run;
  const better = (score: number, best: number) => (run.monitor === 'valLoss' ? score < best : score > best);
  let best: { score: number; bytes: Uint8Array; epoch: number } | null = null;
  for (const { step, ...metrics } of classifierEpochs({
    ...run,
    optimizer: new Adam(model.parameters(), { lr: settings.lr }),
    epochs: settings.epochs,
    batchSize: settings.batchSize,
  })) {
    const score = metrics[run.monitor];
    if (best === null || better(score, best.score)) {
      const bytes = encodeCheckpoint({ model, epoch: metrics.epoch, step, metrics: { ...metrics }, extra: run.extra });
      best = { score, bytes, epoch: metrics.epoch };
    }
    progress(metrics);
    await nextTask(); // lets a prediction asked for meanwhile through
  }
  if (best === null) throw new Error('train: no epoch was trained');
  return { bytes: best.bytes, epoch: best.epoch };
}
