// The table of differentiable primitives: one file per op, forward and backward side by side.
// Nothing registers itself on import; Tensor's methods call these functions.
export { add } from './add.js';
export { sub, rsub } from './sub.js';
export { mul } from './mul.js';
export { div } from './div.js';
export { reciprocal } from './reciprocal.js';
export { pow } from './pow.js';
export { neg } from './neg.js';
export { exp } from './exp.js';
export { log, log1p } from './log.js';
export { sqrt } from './sqrt.js';
export { abs, sign } from './abs.js';
export { relu, sigmoid, tanh } from './activation.js';
export { clamp } from './clamp.js';
export { maximum, minimum } from './maximum.js';
export { where } from './where.js';
export { eq, ne, lt, le, gt, ge } from './compare.js';
export { matmul } from './matmul.js';
export { linear } from './linear.js';
export { sum, mean, sumTo } from './sum.js';
export { extreme, extremeAlong, type ValuesAndIndices } from './extreme.js';
export { reshape, view, flatten, squeeze, unsqueeze } from './reshape.js';
export { permute, transpose, t } from './permute.js';
export { expand, broadcastTo } from './expand.js';
export { slice, narrow, select } from './slice.js';
export { indexSelect } from './index-select.js';
export { cat, stack } from './cat.js';
export { clone, contiguous, to } from './copy.js';
export { softmax, logSoftmax } from './softmax.js';
// The in-place machinery's nodes (Tensor's in-place ops use them).
export { copyInto, filledLike, overwritten } from './overwrite.js';
export { asStridedNode, copySlicesNode, geometryOf, type ViewGeometry } from './as-strided.js';
export { keepWhere, zerosLike } from './mask.js';
