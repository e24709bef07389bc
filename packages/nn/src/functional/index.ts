// nn.functional: stateless forms of the layers and losses.
export { linear } from './linear.js';
export {
  mseLoss,
  l1Loss,
  crossEntropy,
  nllLoss,
  binaryCrossEntropyWithLogits,
  type LossOptions,
  type CrossEntropyOptions,
  type NLLLossOptions,
  type BCEWithLogitsOptions,
} from './losses.js';
export { dropout, dropout2d, type DropoutOptions } from './dropout.js';
export { conv1d, conv2d, type ConvOptions, type ConvPadding } from './conv.js';
export {
  maxPool1d,
  maxPool2d,
  avgPool1d,
  avgPool2d,
  adaptiveAvgPool2d,
  type MaxPoolOptions,
  type AvgPoolOptions,
  type AdaptiveSize,
} from './pooling.js';
export { batchNorm, layerNorm, groupNorm, type BatchNormFunctionalOptions, type NormOptions } from './normalization.js';
export { pad } from './padding.js';
export { type SizeArgument } from './arguments.js';
export { unfold, fold, type FoldOptions } from './fold.js';
export { type Reduction } from './reduction.js';
export { softmax, logSoftmax, relu, sigmoid, tanh } from '@torchlet/autograd';
export { embedding, type EmbeddingOptions } from './embedding.js';
