import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { kernel } from '../kernels/dispatch.js';
import {
  gateCount,
  recurrentStepWork,
  type RecurrentMode,
  type RecurrentSaved,
  type RecurrentShape,
} from '../kernels/recurrent.js';
import { NDArray } from '../ndarray.js';
import { denseData } from './dense.js';
import { contiguousStrides, formatShape } from '../shape.js';
import { Storage } from '../storage.js';

export type { RecurrentMode, RecurrentSaved, RecurrentShape };

/** The result of one direction of a recurrent layer, and what its backward needs. */
export interface RecurrentResult {
  /** [T, B, H], by time. */
  readonly output: NDArray;
  /** [B, H]: the hidden state after the last step processed. */
  readonly hidden: NDArray;
  /** LSTM: [B, H], the last cell state. */
  readonly cell: NDArray | null;
  readonly shape: RecurrentShape;
  readonly saved: RecurrentSaved;
}

function wrap(data: NDArray['storage']['data'], shape: readonly number[]): NDArray {
  return new NDArray(new Storage(data), shape, contiguousStrides(shape), 0);
}

function expectShape(op: string, name: string, x: NDArray | null, shape: readonly number[], dtype: string): void {
  if (x === null) throw new ShapeError(`${op}: ${name} is required`);
  if (formatShape(x.shape) !== formatShape(shape)) {
    throw new ShapeError(`${op}: expected ${name} of shape ${formatShape(shape)}, got ${formatShape(x.shape)}`);
  }
  if (x.dtype !== dtype) throw new DTypeError(`${op}: expected ${name} of dtype ${dtype}, got ${x.dtype}`);
}

/**
 * One direction of a recurrent layer over a sequence (the recurrence after the input projection):
 * `xw` [T, B, G·H] = X·W_ihᵀ + biases, `whh` [G·H, H], GRU's `bhh` [G·H] (or null), `h0` (and LSTM's `c0`) [B, H].
 */
export function recurrentLayer(
  mode: RecurrentMode,
  xw: NDArray,
  whh: NDArray,
  bhh: NDArray | null,
  h0: NDArray,
  c0: NDArray | null,
  reverse: boolean,
): RecurrentResult {
  const op = mode === 'lstm' ? 'lstm' : mode === 'gru' ? 'gru' : 'rnn';
  if (xw.ndim !== 3)
    throw new ShapeError(`${op}: expected the input projection [T, B, gates·H], got ${formatShape(xw.shape)}`);
  if (!isFloating(xw.dtype)) throw new DTypeError(`${op}: expected a floating input, got ${xw.dtype}`);
  const [steps, batch, width] = xw.shape as [number, number, number];
  const G = gateCount(mode);
  const hidden = whh.shape[1] ?? 0;
  expectShape(op, 'weight_hh', whh, [G * hidden, hidden], xw.dtype);
  if (width !== G * hidden) {
    throw new ShapeError(`${op}: the input projection has ${width} features, expected ${G}·hidden = ${G * hidden}`);
  }
  expectShape(op, 'h0', h0, [batch, hidden], xw.dtype);
  if (mode === 'lstm') expectShape(op, 'c0', c0, [batch, hidden], xw.dtype);
  if (mode === 'gru' && bhh !== null) expectShape(op, 'bias_hh', bhh, [G * hidden], xw.dtype);
  if (mode !== 'gru' && bhh !== null)
    throw new ShapeError(`${op}: only GRU takes bias_hh apart; fold it into the input projection`);
  const shape: RecurrentShape = { mode, steps, batch, hidden, reverse };
  const y = NDArray.zeros([steps, batch, hidden], xw.dtype);
  const saved = kernel('recurrentForward', recurrentStepWork(shape))(
    denseData(xw),
    denseData(whh),
    bhh === null ? null : denseData(bhh),
    denseData(h0),
    c0 === null ? null : denseData(c0),
    shape,
    y.storage.data,
  );
  const bh = batch * hidden;
  const last = steps * bh;
  const hiddenState = wrap(saved.hs.slice(last, last + bh), [batch, hidden]);
  const cell = saved.cs === null ? null : wrap(saved.cs.slice(last, last + bh), [batch, hidden]);
  return { output: y, hidden: hiddenState, cell, shape, saved };
}

export interface RecurrentLayerGradients {
  readonly xw: NDArray;
  readonly whh: NDArray;
  readonly bhh: NDArray | null;
  readonly h0: NDArray;
  readonly c0: NDArray | null;
}

/** Backpropagation through time for `recurrentLayer`, from the gradients of its three outputs. */
export function recurrentLayerBackward(
  result: Pick<RecurrentResult, 'shape' | 'saved'>,
  whh: NDArray,
  gradOutput: NDArray,
  gradHidden: NDArray,
  gradCell: NDArray | null,
): RecurrentLayerGradients {
  const { steps, batch, hidden, mode } = result.shape;
  const G = gateCount(mode);
  const dtype = whh.dtype;
  const g = kernel('recurrentBackward', recurrentStepWork(result.shape))(
    denseData(gradOutput.to(dtype)),
    denseData(gradHidden.to(dtype)),
    gradCell === null ? null : denseData(gradCell.to(dtype)),
    denseData(whh),
    result.saved,
    result.shape,
  );
  return {
    xw: wrap(g.xw, [steps, batch, G * hidden]),
    whh: wrap(g.whh, [G * hidden, hidden]),
    bhh: g.bhh === null ? null : wrap(g.bhh, [G * hidden]),
    h0: wrap(g.h0, [batch, hidden]),
    c0: g.c0 === null ? null : wrap(g.c0, [batch, hidden]),
  };
}
