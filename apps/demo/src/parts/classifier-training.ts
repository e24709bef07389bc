// The classification parts' training as the CLI runs it: the tutorial's loop
// (../tutorial/classifier-training.ts) with a progress bar, and ModelCheckpoint keeping the best,
// last and periodic models after each epoch.
import type { ModelCheckpoint } from '@torchlet/checkpoint/node';
import type { Output } from '../output.js';
import { classifierEpochs, type ClassifierTraining, type EpochMetrics } from '../tutorial/classifier-training.js';

export { evaluate, type Split } from '../tutorial/classifier-training.js';

export interface SavedEpoch extends EpochMetrics {
  /** What this epoch's checkpoint files were (best, last, periodic). */
  readonly savedAs: string;
}

export interface CheckpointedTraining extends Omit<ClassifierTraining, 'onBatch'> {
  readonly checkpoint: ModelCheckpoint;
  /** Called after each epoch (a table row, say). */
  readonly onEpoch: (metrics: SavedEpoch) => void;
  /** Progress label, e.g. "logistic regression". */
  readonly label: string;
}

function savedAs(saved: readonly { kind: string }[], isBest: boolean): string {
  return saved.map((s) => (s.kind === 'best' ? (isBest ? 'best' : 'top-k') : s.kind)).join(', ') || '-';
}

/** Trains for `run.epochs` epochs and returns the per-epoch metrics; the checkpoint holds the models. */
export async function trainClassifier(run: CheckpointedTraining, out: Output): Promise<SavedEpoch[]> {
  const history: SavedEpoch[] = [];
  const epochs = classifierEpochs({
    ...run,
    onBatch: (done, total) => out.progress(`${run.label}: epoch ${history.length + 1}/${run.epochs}`, done, total),
  });
  for (const { step, ...metrics } of epochs) {
    const result = await run.checkpoint.update({
      epoch: metrics.epoch,
      step,
      model: run.model,
      optimizer: run.optimizer,
      metrics: {
        trainLoss: metrics.trainLoss,
        trainAccuracy: metrics.trainAccuracy,
        valLoss: metrics.valLoss,
        valAccuracy: metrics.valAccuracy,
      },
    });
    const saved: SavedEpoch = { ...metrics, savedAs: savedAs(result.saved, result.isBest) };
    history.push(saved);
    out.clearProgress();
    run.onEpoch(saved);
  }
  return history;
}

/** The table columns of `SavedEpoch`. */
export const EPOCH_HEADERS = ['epoch', 'train loss', 'train acc', 'val loss', 'val acc', 'saved as'];

export function epochRow(m: SavedEpoch): string[] {
  return [
    String(m.epoch),
    m.trainLoss.toFixed(4),
    m.trainAccuracy.toFixed(3),
    m.valLoss.toFixed(4),
    m.valAccuracy.toFixed(3),
    m.savedAs,
  ];
}
