import { checkNoInternalOverlap, NDArray, Storage, type Shape } from '@torchlet/tensor';
import { defineOp } from '../define-op.js';
import type { Node } from '../node.js';
import { plain, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

/**
 * Where a view's elements sit among its base's: both layouts over the base's storage, the
 * view's offset counted from the base's first element. A gradient shaped like the base is
 * laid out like the base in a scratch buffer, and the view's elements are read or written there
 * through the view's strides (PyTorch's as_strided). This serves any view — narrow, select,
 * permute, expand, a reshape — of any base.
 */
export interface ViewGeometry {
  readonly baseShape: Shape;
  readonly baseStrides: readonly number[];
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

export function geometryOf(base: NDArray, view: NDArray): ViewGeometry {
  return {
    baseShape: base.shape,
    baseStrides: base.strides,
    shape: view.shape,
    strides: view.strides,
    offset: view.offset - base.offset,
  };
}

/** How many storage cells the base's layout spans from its first element. */
function span(g: ViewGeometry): number {
  let last = 0;
  for (let i = 0; i < g.baseShape.length; i++) {
    if (g.baseShape[i] === 0) return 0;
    last += (g.baseShape[i]! - 1) * g.baseStrides[i]!;
  }
  return last + 1;
}

/** A zeroed scratch buffer with the base's layout, and the view's elements in it. */
function buffer(g: ViewGeometry, from: NDArray): { base: NDArray; view: NDArray } {
  const storage = Storage.allocate(from.dtype, span(g));
  return {
    base: new NDArray(storage, g.baseShape, g.baseStrides, 0),
    view: new NDArray(storage, g.shape, g.strides, g.offset),
  };
}

/** The view's elements of `x` (shaped like the base), as a new contiguous array. */
function gathered(x: NDArray, g: ViewGeometry): NDArray {
  const { base, view } = buffer(g, x);
  if (base.size > 0) base.copy_(x);
  return view.clone();
}

/** Zeros shaped like the base with `x` (shaped like the view) added at the view's elements. */
function scatterAdded(x: NDArray, g: ViewGeometry): NDArray {
  const { base, view } = buffer(g, x);
  const source = x.contiguous();
  const from = source.storage.data;
  const to = base.storage.data;
  // An element index walk, not copy_: a view may repeat cells (expand), whose gradients add up.
  const rank = view.ndim;
  const index = new Array<number>(rank).fill(0);
  let at = view.offset;
  for (let i = 0; i < view.size; i++) {
    to[at] = to[at]! + from[source.offset + i]!;
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      at += view.strides[d]!;
      if (index[d]! < view.shape[d]!) break;
      at -= index[d]! * view.strides[d]!;
      index[d] = 0;
    }
  }
  return base.contiguous();
}

/** `x` (shaped like the base) with the view's elements set to 0. */
function zeroed(x: NDArray, g: ViewGeometry): NDArray {
  const { base, view } = buffer(g, x);
  if (base.size > 0) base.copy_(x);
  if (view.size > 0) view.fill_(0);
  return base.contiguous();
}

// Gathering the view's elements and scatter-adding a gradient into them are each other's adjoint.
const AsStridedBackward0 = defineOp('asStrided', 'AsStridedBackward0', {
  self: (grad, _saved, g: ViewGeometry) => scatterAdd(grad, g),
});

const AsStridedScatterBackward0 = defineOp('asStridedScatter', 'AsStridedScatterBackward0', {
  src: (grad, _saved, g: ViewGeometry) => gather(grad, g),
});

const ZeroViewBackward = defineOp('zeroView', 'MaskedFillBackward0', {
  self: (grad, _saved, g: ViewGeometry) => zeroView(grad, g),
});

function gather(x: Tensor, g: ViewGeometry): Tensor {
  const out = gathered(x.array, g);
  return tracks(x) ? AsStridedBackward0.record1(out, x, g) : plain(out);
}

function scatterAdd(x: Tensor, g: ViewGeometry): Tensor {
  const out = scatterAdded(x.array, g);
  return tracks(x) ? AsStridedScatterBackward0.record1(out, x, g) : plain(out);
}

function zeroView(x: Tensor, g: ViewGeometry): Tensor {
  const out = zeroed(x.array, g);
  return tracks(x) ? ZeroViewBackward.record1(out, x, g) : plain(out);
}

/**
 * The node of a base after an in-place write through one of its views (PyTorch's CopySlices):
 * the view's elements now come from `src` (the op's result), the rest from the base as it was.
 */
const CopySlices = defineOp('copySlices', 'CopySlices', {
  self: (grad, _saved, g: ViewGeometry) => {
    // PyTorch copies the old view's gradient into the view's cells of the base's gradient, which
    // its overlap check refuses when the view repeats cells (fill_ of an expanded view).
    checkNoInternalOverlap('CopySlices', new NDArray(grad.array.storage, g.shape, g.strides, 0));
    return zeroView(grad, g);
  },
  src: (grad, _saved, g: ViewGeometry) => gather(grad, g),
});

/** The graph node of `base` once `src` has been written into its view with geometry `g`. */
export function copySlicesNode(base: Tensor, src: Tensor, g: ViewGeometry): Node {
  return CopySlices.node([base, src], g);
}

/** The graph node of a view of `base` recreated after `base`'s history changed (AsStridedBackward0). */
export function asStridedNode(base: Tensor, g: ViewGeometry): Node {
  return AsStridedBackward0.node([base], g);
}
