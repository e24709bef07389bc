export { Tensor } from './tensor.js';
export { Node, AccumulateGrad } from './node.js';
export { backward, grad, type BackwardOptions } from './engine.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './grad-mode.js';
export { Function, FunctionContext } from './function.js';
export { gradcheck, GradcheckError, type GradcheckOptions } from './gradcheck.js';
export { AutogradError } from './errors.js';
export { traceOps, type TracedOp, type Tracer } from './trace.js';
export type * from './op-params.js';
export type { ValuesAndIndices, RecurrentOutputs } from './ops/index.js';
export {
  tensor,
  fromNDArray,
  zeros,
  ones,
  full,
  empty,
  arange,
  linspace,
  eye,
  zerosLike,
  onesLike,
  fullLike,
  emptyLike,
  rand,
  randn,
  normal,
  uniform,
  randint,
  randperm,
  randLike,
  randnLike,
  type TensorOptions,
  type RandomTensorOptions,
} from './creation.js';
export * from './functional.js';
// The numeric core's vocabulary, so most code needs only this package.
export {
  Generator,
  defaultGenerator,
  manualSeed,
  NDArray,
  TorchletError,
  ShapeError,
  DTypeError,
  IndexError,
  ValueError,
  type DType,
  type Shape,
  type Conv2dParams,
  type Pool2dParams,
  type AvgPool2dParams,
  type BatchNormOptions,
  type PadMode,
  type SlidingWindowParams,
  type RecurrentMode,
} from '@torchlet/tensor';
