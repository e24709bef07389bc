// One training loop for the classification parts: minibatches, then loss and accuracy on the
// training and validation splits after each epoch. What happens between epochs (checkpoints,
// printing, a chart) is the caller's: the loop yields.
import { noGrad, type Generator as RandomGenerator, type Tensor } from '@torchlet/autograd';
import { DataLoader, TensorDataset } from '@torchlet/data';
import { accuracy } from '@torchlet/metrics';
import type { Module } from '@torchlet/nn';
import type { Optimizer } from '@torchlet/optim';

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
}

/** A model with how to score it: what `evaluate` needs. */
export interface Classifier {
  readonly model: Module & { forward(x: Tensor): Tensor };
  /** The loss of scores against labels (`y` as the split holds it). */
  readonly loss: (scores: Tensor, y: Tensor) => Tensor;
  /** Class labels from scores. */
  readonly predict: (scores: Tensor) => Tensor;
  /** Labels for the accuracy (when `y` holds targets of another form, e.g. floats for BCE). */
  readonly labelsOf?: (y: Tensor) => Tensor;
}

export interface ClassifierTraining extends Classifier {
  readonly optimizer: Optimizer<object, object>;
  readonly train: Split;
  readonly val: Split;
  readonly epochs: number;
  readonly batchSize: number;
  /** Shuffles the training minibatches. */
  readonly generator: RandomGenerator;
  /** Called after each minibatch (a progress bar, say). */
  readonly onBatch?: (done: number, total: number) => void;
}

/** Loss and accuracy of `model` on a whole split (no graph recorded). */
export function evaluate(run: Classifier, split: Split) {
  return noGrad(() => {
    const scores = run.model.forward(split.x);
    const labels = run.labelsOf?.(split.y) ?? split.y;
    return { loss: run.loss(scores, split.y).item(), accuracy: accuracy(run.predict(scores), labels), scores };
  });
}

/** Trains for `run.epochs` epochs, yielding each one's metrics and the optimizer steps so far. */
export function* classifierEpochs(run: ClassifierTraining): Generator<EpochMetrics & { readonly step: number }> {
  const loader = new DataLoader(new TensorDataset(run.train.x, run.train.y), {
    batchSize: run.batchSize,
    shuffle: true,
    generator: run.generator,
  });
  let step = 0;
  for (let epoch = 1; epoch <= run.epochs; epoch++) {
    run.model.train();
    let batch = 0;
    for (const [x, y] of loader) {
      run.optimizer.zeroGrad();
      run.loss(run.model.forward(x), y).backward();
      run.optimizer.step();
      step++;
      run.onBatch?.(++batch, loader.length);
    }
    run.model.eval();
    const train = evaluate(run, run.train);
    const val = evaluate(run, run.val);
    yield {
      epoch,
      step,
      trainLoss: train.loss,
      trainAccuracy: train.accuracy,
      valLoss: val.loss,
      valAccuracy: val.accuracy,
    };
  }
}
