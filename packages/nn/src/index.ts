export { Module, type StateDict, type StateValue, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { StateDictError } from './errors.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { Sequential, type TensorModule } from './layers/sequential.js';
export { ModuleList, ModuleDict, ParameterList, ParameterDict } from './layers/containers.js';
export { ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Flatten, Unflatten, Identity } from './layers/activations.js';
export { Dropout, Dropout2d } from './layers/dropout.js';
export { Conv1d, Conv2d, type ConvLayerOptions } from './layers/conv.js';
export {
  MaxPool1d,
  MaxPool2d,
  AvgPool1d,
  AvgPool2d,
  AdaptiveAvgPool2d,
  type MaxPoolLayerOptions,
} from './layers/pooling.js';
export { RNN, LSTM, GRU, type RecurrentOptions, type RNNOptions, type LSTMOptions } from './layers/recurrent.js';
export { RNNCell, LSTMCell, GRUCell, type CellOptions } from './layers/cells.js';
export { Embedding, type EmbeddingLayerOptions } from './layers/embedding.js';
export * as utils from './utils/index.js';
export {
  BatchNorm1d,
  BatchNorm2d,
  LayerNorm,
  GroupNorm,
  type BatchNormOptions,
  type LayerNormOptions,
  type GroupNormOptions,
} from './layers/normalization.js';
export { MSELoss, L1Loss, CrossEntropyLoss, NLLLoss, BCEWithLogitsLoss } from './losses.js';
export * as init from './init/index.js';
export * as functional from './functional/index.js';
