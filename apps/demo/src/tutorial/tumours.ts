// The tutorial's classification example: "give the machine CT pictures of tumours labelled
// benign or malignant, then a new one, and let it decide — in essence drawing a line between the
// two." Here the pictures are the 30 measurements of the Breast Cancer Wisconsin data.
import { noGrad, type Generator as RandomGenerator, type Tensor } from '@torchlet/autograd';
import { Standardizer, stratifiedSplit, TensorDataset } from '@torchlet/data';
import { accuracy, confusionMatrix, precisionRecallF1 } from '@torchlet/metrics';
import { BCEWithLogitsLoss, Linear, ReLU, Sequential } from '@torchlet/nn';
import { evaluate, type Classifier, type Split } from './classifier-training.js';
import type { LabelledData } from './datasets.js';

/** Labels in the file: 0 malignant, 1 benign. The models output one logit: the score of "benign". */
export const MALIGNANT = 0;

export interface TumourSplits {
  readonly train: Split;
  readonly val: Split;
  readonly test: Split;
}

/**
 * A stratified 60/20/20 split, standardised with the training split's statistics only: validation
 * and test stay unseen.
 */
export function tumourSplits(data: LabelledData, generator: RandomGenerator): TumourSplits {
  const all = new TensorDataset(data.features, data.labels);
  const [trainSet, valSet, testSet] = stratifiedSplit(all, data.labels, [0.6, 0.2, 0.2], { generator });
  const [trainX, trainY] = trainSet.getBatch([...trainSet.indices.keys()]);
  const scaler = Standardizer.fit(trainX);
  const split = (set: typeof trainSet): Split => {
    const [x, y] = set.getBatch([...set.indices.keys()]);
    return { x: scaler.transform(x), y };
  };
  return { train: { x: scaler.transform(trainX), y: trainY }, val: split(valSet), test: split(testSet) };
}

export type TumourModel = Classifier['model'];

/** The two models the tutorial's "line between the two" becomes: a line, and a bent one. */
export const TUMOUR_MODELS: readonly { name: string; folder: string; build: () => TumourModel }[] = [
  { name: 'logistic regression', folder: 'logistic', build: () => new Sequential(new Linear(30, 1)) },
  {
    name: 'MLP 30-16-1',
    folder: 'mlp',
    build: () => new Sequential(new Linear(30, 16), new ReLU(), new Linear(16, 1)),
  },
];

const bce = new BCEWithLogitsLoss();

/** Binary cross-entropy of the "benign" logit, and the label it predicts. */
export const tumourScoring = {
  loss: (scores: Tensor, y: Tensor) => bce.forward(scores.reshape([-1]), y.float()),
  predict: (scores: Tensor) => scores.reshape([-1]).gt(0).int(),
} as const;

export interface TumourScores {
  readonly accuracy: number;
  /** Rows: true class, columns: predicted (malignant, benign). */
  readonly confusion: number[][];
  /** Of the tumours called malignant, the share that were. */
  readonly malignantPrecision: number;
  /** Of the malignant tumours, the share found. */
  readonly malignantRecall: number;
}

/** How a model (in eval mode) does on a split. */
export function scoreTumourModel(model: TumourModel, split: Split): TumourScores {
  const evaluated = evaluate({ model, ...tumourScoring }, split);
  const predicted = noGrad(() => tumourScoring.predict(evaluated.scores));
  const malignant = precisionRecallF1(predicted, split.y, { positiveClass: MALIGNANT });
  return {
    accuracy: accuracy(predicted, split.y),
    confusion: confusionMatrix(predicted, split.y, 2).toArray() as number[][],
    malignantPrecision: malignant.precision,
    malignantRecall: malignant.recall,
  };
}
