// nn.functional: stateless forms of the layers and losses.
export { linear } from './linear.js';
export {
  mseLoss,
  l1Loss,
  crossEntropy,
  binaryCrossEntropyWithLogits,
  type LossOptions,
  type CrossEntropyOptions,
  type BCEWithLogitsOptions,
} from './losses.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { type Reduction } from './reduction.js';
export { softmax, logSoftmax, relu, sigmoid, tanh } from '@torchlet/autograd';
