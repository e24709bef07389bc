// The tutorial's programs as functions with no output and no Node APIs, for the CLI (../parts)
// and for the browser playground (apps/playground), which import them from `@torchlet/demo/tutorial`.
export { conciseEpochs } from './concise.js';
export {
  classifierEpochs,
  evaluate,
  type Classifier,
  type ClassifierTraining,
  type EpochMetrics,
  type Split,
} from './classifier-training.js';
export { parseBreastCancer, parseDigits, type LabelledData } from './datasets.js';
export { digitImages, digitSplits, digitsModel, digitsScoring } from './digits.js';
export {
  asTensors,
  examples,
  letterXNeuron,
  OTHERS,
  SIZE,
  verdict,
  X,
  xProbability,
  type Example,
  type Grid,
  type NeuronOptions,
} from './letter-x.js';
export type { RegressionData, RegressionEpoch, RegressionOptions } from './regression.js';
export { dataIter, scratchData, scratchEpochs } from './scratch.js';
export {
  MALIGNANT,
  TUMOUR_MODELS,
  scoreTumourModel,
  tumourScoring,
  tumourSplits,
  type TumourModel,
  type TumourScores,
  type TumourSplits,
} from './tumours.js';
