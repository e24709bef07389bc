import type { AvgPool2dParams, PadMode, Pool2dParams, Shape, SlidingWindowParams } from '@torchlet/tensor';
import type { FunctionParams } from './function.js';
import type { Tensor } from './tensor.js';
import type { Convolution } from './ops/conv.js';
import type { Pieces } from './ops/cat.js';
import type { Bounds } from './ops/clamp.js';
import type { Lookup } from './ops/embedding.js';
import type { Along, ArgExtreme } from './ops/extreme.js';
import type { Scatter } from './ops/gather.js';
import type { Gather } from './ops/index-select.js';
import type { LinearStep } from './ops/linear-pair.js';
import type { Ranks } from './ops/matmul.js';
import type { NormalizationParams } from './ops/normalization.js';
import type { Permutation } from './ops/permute.js';
import type { MaxPool } from './ops/pool.js';
import type { RecurrentParams } from './ops/recurrent.js';
import type { Selection, SliceSpec } from './ops/slice.js';
import type { Statistic } from './ops/statistics.js';
import type { Reduction } from './ops/sum.js';
import type { Windows } from './ops/window.js';

/**
 * `TracedOp.params` of each forward op a trace reports, by `TracedOp.op`: what the op's node
 * keeps (plus, for ops that read a tensor without differentiating it, that tensor). These follow
 * the ops' implementations and may change with them; an exporter reads them knowing the op.
 * Ops met only in gradient rules and in-place writes are left out.
 */
export interface TracedOpParams {
  // element-wise: the number of a tensor-number op, or null/undefined for two tensors
  add: number | null;
  sub: number | null;
  rsub: number;
  mul: number | undefined;
  div: number | undefined;
  pow: number | undefined;
  reciprocal: undefined;
  neg: undefined;
  exp: undefined;
  log: undefined;
  log1p: undefined;
  sqrt: undefined;
  abs: undefined;
  sign: undefined;
  relu: undefined;
  sigmoid: undefined;
  tanh: undefined;
  sin: undefined;
  cos: undefined;
  clamp: Bounds;
  maximum: undefined;
  minimum: undefined;
  where: undefined;
  eq: number | null;
  ne: number | null;
  lt: number | null;
  le: number | null;
  gt: number | null;
  ge: number | null;
  // products
  matmul: Ranks;
  /** Whether there is a bias. */
  linear: boolean;
  // reductions
  sum: Reduction;
  mean: Reduction;
  max: 'max';
  min: 'min';
  'max.dim': Along;
  'min.dim': Along;
  argmax: ArgExtreme;
  argmin: ArgExtreme;
  variance: Statistic;
  std: Statistic;
  /** The dim. */
  softmax: number;
  logSoftmax: number;
  // shapes and copies (reshape's params: the node's name; its target is the output's shape)
  reshape: string;
  permute: Permutation;
  expand: undefined;
  slice: SliceSpec;
  select: Selection;
  indexSelect: Gather;
  cat: Pieces;
  /** The dim. */
  stack: number;
  clone: undefined;
  to: undefined;
  flip: LinearStep<{ readonly dims: readonly number[] }>;
  pad: LinearStep<{ readonly pads: readonly number[]; readonly mode: PadMode; readonly value: number }>;
  gather: LinearStep<{ readonly dim: number; readonly index: Tensor }>;
  scatter: Scatter;
  scatterAdd: Scatter;
  sumTo: Shape;
  // windows and layers
  unfold: Windows;
  im2col: LinearStep<{ readonly params: SlidingWindowParams }>;
  col2im: LinearStep<{ readonly outputSize: readonly [number, number]; readonly params: SlidingWindowParams }>;
  conv2d: Convolution;
  maxPool2d: MaxPool;
  'maxPool2d.indices': Pool2dParams;
  avgPool2d: AvgPool2dParams;
  /** The output size. */
  adaptiveAvgPool2d: readonly [number, number];
  batchNorm: NormalizationParams;
  layerNorm: NormalizationParams;
  groupNorm: NormalizationParams;
  embedding: Lookup;
  recurrentLayer: RecurrentParams;
  /** A custom `Function`. */
  Function: FunctionParams;
}

// Each op's params type under a name that says whose it is.
export type {
  Along as ExtremeAlongParams,
  ArgExtreme as ArgExtremeParams,
  Bounds as ClampParams,
  Convolution as ConvolutionParams,
  FunctionParams,
  Gather as IndexSelectParams,
  LinearStep as LinearPairParams,
  Lookup as EmbeddingParams,
  MaxPool as MaxPoolParams,
  NormalizationParams,
  Permutation as PermuteParams,
  Pieces as CatParams,
  Ranks as MatmulParams,
  RecurrentParams,
  Reduction as ReductionParams,
  Scatter as ScatterParams,
  Selection as SelectParams,
  SliceSpec as SliceParams,
  Statistic as StatisticParams,
  Windows as UnfoldParams,
};
