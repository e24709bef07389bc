// One training loop for the classification parts: minibatches, per-epoch loss and accuracy on the
// training and validation splits, and ModelCheckpoint keeping the best, last and periodic models.
import { noGrad, type Generator, type Tensor } from '@torchlet/autograd';
import type { ModelCheckpoint } from '@torchlet/checkpoint/node';
import { DataLoader, TensorDataset } from '@torchlet/data';
import { accuracy } from '@torchlet/metrics';
import type { Module } from '@torchlet/nn';
import type { Optimizer } from '@torchlet/optim';
import type { Output } from '../output.js';

export interface Split {
  readonly x: Tensor;
  readonly y: Tensor;
}

export interface EpochMetrics {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  /** What this epoch's checkpoint files were (best, last, periodic). */
  readonly savedAs: string;
}

export interface ClassifierTraining {
  readonly model: Module & { forward(x: Tensor): Tensor };
  /** The loss of scores against labels (`y` as the split holds it). */
  readonly loss: (scores: Tensor, y: Tensor) => Tensor;
  /** Class labels from scores. */
  readonly predict: (scores: Tensor) => Tensor;
  /** Labels for the accuracy (when `y` holds targets of another form, e.g. floats for BCE). */
  readonly labelsOf?: (y: Tensor) => Tensor;
  readonly optimizer: Optimizer<object, object>;
  readonly train: Split;
  readonly val: Split;
  readonly epochs: number;
  readonly batchSize: number;
  readonly generator: Generator;
  readonly checkpoint: ModelCheckpoint;
  /** Called after each epoch (a table row, say). */
  readonly onEpoch: (metrics: EpochMetrics) => void;
  /** Progress label, e.g. "logistic regression". */
  readonly label: string;
}

/** Loss and accuracy of `model` on a whole split (no graph recorded). */
export function evaluate(run: Pick<ClassifierTraining, 'model' | 'loss' | 'predict' | 'labelsOf'>, split: Split) {
  return noGrad(() => {
    const scores = run.model.forward(split.x);
    const labels = run.labelsOf?.(split.y) ?? split.y;
    return { loss: run.loss(scores, split.y).item(), accuracy: accuracy(run.predict(scores), labels), scores };
  });
}

function savedAs(saved: readonly { kind: string }[], isBest: boolean): string {
  return saved.map((s) => (s.kind === 'best' ? (isBest ? 'best' : 'top-k') : s.kind)).join(', ') || '-';
}

/** Trains for `run.epochs` epochs and returns the per-epoch metrics; the checkpoint holds the models. */
export async function trainClassifier(run: ClassifierTraining, out: Output): Promise<EpochMetrics[]> {
  const loader = new DataLoader(new TensorDataset(run.train.x, run.train.y), {
    batchSize: run.batchSize,
    shuffle: true,
    generator: run.generator,
  });
  const history: EpochMetrics[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= run.epochs; epoch++) {
    run.model.train();
    let batch = 0;
    for (const [x, y] of loader) {
      run.optimizer.zeroGrad();
      run.loss(run.model.forward(x), y).backward();
      run.optimizer.step();
      step++;
      out.progress(`${run.label}: epoch ${epoch}/${run.epochs}`, ++batch, loader.length);
    }
    run.model.eval();
    const train = evaluate(run, run.train);
    const val = evaluate(run, run.val);
    const result = await run.checkpoint.update({
      epoch,
      step,
      model: run.model,
      optimizer: run.optimizer,
      metrics: { trainLoss: train.loss, trainAccuracy: train.accuracy, valLoss: val.loss, valAccuracy: val.accuracy },
    });
    const metrics: EpochMetrics = {
      epoch,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      valLoss: val.loss,
      valAccuracy: val.accuracy,
      savedAs: savedAs(result.saved, result.isBest),
    };
    history.push(metrics);
    out.clearProgress();
    run.onEpoch(metrics);
  }
  return history;
}

/** The table columns of `EpochMetrics`, with a prefix naming the model when several train side by side. */
export const EPOCH_HEADERS = ['epoch', 'train loss', 'train acc', 'val loss', 'val acc', 'saved as'];

export function epochRow(m: EpochMetrics): string[] {
  return [
    String(m.epoch),
    m.trainLoss.toFixed(4),
    m.trainAccuracy.toFixed(3),
    m.valLoss.toFixed(4),
    m.valAccuracy.toFixed(3),
    m.savedAs,
  ];
}
