export {
  NDArray,
  type NestedArray,
  type Operand,
  type BinaryOpName,
  type UnaryOpName,
  type ValuesAndIndices,
} from './ndarray.js';
export { Storage } from './storage.js';
export { checkNoInternalOverlap, checkNoPartialOverlap, internalOverlap, overlap, type Overlap } from './overlap.js';
export {
  DEFAULT_DTYPE,
  isFloating,
  itemSize,
  promoteTypes,
  promoteWithScalar,
  type DType,
  type TypedArray,
} from './dtype.js';
export { TorchletError, ShapeError, DTypeError, IndexError, ValueError } from './errors.js';
export {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  normalizeDim,
  numel,
  shapesEqual,
  type Shape,
} from './shape.js';
export { Generator, defaultGenerator, manualSeed } from './generator.js';
export {
  tensor,
  zeros,
  ones,
  full,
  empty,
  zerosLike,
  onesLike,
  fullLike,
  emptyLike,
  arange,
  linspace,
  eye,
  fromTypedArray,
  type CreationOptions,
  type ShapeLike,
  type TensorLike,
} from './creation.js';
export { rand, randn, normal, uniform, randint, randperm, randLike, randnLike, type RandomOptions } from './random.js';
export { cat, stack } from './ops/indexing.js';
export { resultType } from './ops/promotion.js';
export {
  getBackend,
  setBackend,
  jsBackend,
  wasmBackend,
  defaultBackend,
  kernelStatus,
  kernelThreads,
  setKernelThreads,
  type Backend,
  type KernelStatus,
  type MatrixOperand,
} from './kernels/backend.js';
export { stridedEngineStatus, type StridedEngineStatus } from './strided.js';
export { formatTensor, type FormatOptions } from './format.js';
export * from './functions.js';
export { conv2d, conv2dBackward, convOutputSize, type Conv2dParams, type Conv2dGradients } from './ops/convolution.js';
export {
  maxPool2d,
  maxPool2dBackward,
  avgPool2d,
  avgPool2dBackward,
  adaptiveAvgPool2d,
  adaptiveAvgPool2dBackward,
  poolOutputSize,
  type Pool2dParams,
  type AvgPool2dParams,
} from './ops/pooling.js';
export {
  batchNorm,
  batchNormBackward,
  layerNorm,
  layerNormBackward,
  groupNorm,
  groupNormBackward,
  type BatchNormOptions,
  type Normalized,
  type NormalizationGradients,
} from './ops/normalization.js';
export { pad, padBackward, type PadMode } from './ops/padding.js';
export { im2col, col2im, unfoldBackward, type SlidingWindowParams } from './ops/window.js';
export { gather, scatter, scatterAdd, scatterInto } from './ops/gather.js';
export { variance, standardDeviation } from './ops/statistics.js';
export { reluBackward } from './ops/relu-backward.js';
export type { Window2d } from './kernels/im2col.js';
export {
  recurrentLayer,
  recurrentLayerBackward,
  type RecurrentMode,
  type RecurrentResult,
  type RecurrentLayerGradients,
} from './ops/recurrent.js';
