import {
  NDArray,
  recurrentLayer as recurrentArrays,
  recurrentLayerBackward,
  type RecurrentMode,
  type RecurrentResult,
} from '@torchlet/tensor';
import { defineKernelOp } from '../define-op.js';
import { plain, tracksAny } from '../record.js';
import { Tensor } from '../tensor.js';
import { checkFirstOrder } from './kernel-rule.js';
import { narrow, select } from './slice.js';

const NODE_NAMES: Record<RecurrentMode, string> = {
  lstm: 'LstmBackward0',
  gru: 'GruBackward0',
  rnn_tanh: 'RnnTanhBackward0',
  rnn_relu: 'RnnReluBackward0',
};

/** What a recurrent layer's node keeps besides tensors (and a trace reads). */
export interface RecurrentParams {
  readonly result: Pick<RecurrentResult, 'shape' | 'saved'>;
  readonly hasBias: boolean;
}

const wrap = (x: NDArray | null): Tensor | null => (x === null ? null : new Tensor(x));

/**
 * One node for a whole direction of a layer (backpropagation through time in one kernel). Its
 * output packs [output (T rows); h_T; c_T] along dim 0, which the caller reads through views, so
 * each of the three gets its gradient and the engine hands this node their sum.
 */
const RecurrentLayerBackward = defineKernelOp(
  'recurrentLayer',
  (p: RecurrentParams) => NODE_NAMES[p.result.shape.mode],
  (grad, saved, { result, hasBias }: RecurrentParams, node) => {
    checkFirstOrder(node.name);
    const [whh] = saved as [Tensor];
    const { steps, mode } = result.shape;
    const g = grad.array;
    const grads = recurrentLayerBackward(
      result,
      whh.array,
      g.narrow(0, 0, steps),
      g.select(0, steps),
      mode === 'lstm' ? g.select(0, steps + 1) : null,
    );
    // Inputs: xw, whh, [bhh], h0, [c0].
    const out = [wrap(grads.xw), wrap(grads.whh)];
    if (hasBias) out.push(wrap(grads.bhh));
    out.push(wrap(grads.h0));
    if (mode === 'lstm') out.push(wrap(grads.c0));
    return out;
  },
);

export interface RecurrentOutputs {
  /** [T, B, H], by time. */
  readonly output: Tensor;
  /** [B, H]: the hidden state after the last step processed. */
  readonly hidden: Tensor;
  /** LSTM: [B, H], the last cell state; null otherwise. */
  readonly cell: Tensor | null;
}

/**
 * One direction of a recurrent layer after its input projection `xw` [T, B, G·H] (see
 * @torchlet/tensor's recurrentLayer): differentiable in xw, whh, GRU's bhh, h0 and LSTM's c0.
 */
export function recurrentLayer(
  mode: RecurrentMode,
  xw: Tensor,
  whh: Tensor,
  bhh: Tensor | null,
  h0: Tensor,
  c0: Tensor | null,
  reverse: boolean,
): RecurrentOutputs {
  const result = recurrentArrays(mode, xw.array, whh.array, bhh?.array ?? null, h0.array, c0?.array ?? null, reverse);
  const inputs = [xw, whh, ...(bhh === null ? [] : [bhh]), h0, ...(c0 === null || mode !== 'lstm' ? [] : [c0])];
  const { steps } = result.shape;
  const parts = [
    result.output,
    result.hidden.unsqueeze(0),
    ...(result.cell === null ? [] : [result.cell.unsqueeze(0)]),
  ];
  const packed = NDArray.zeros([steps + parts.length - 1, ...result.output.shape.slice(1)], xw.dtype);
  let row = 0;
  for (const part of parts) {
    packed.narrow(0, row, part.shape[0]!).copy_(part);
    row += part.shape[0]!;
  }
  const whole = tracksAny(inputs)
    ? RecurrentLayerBackward.record(packed, inputs, [whh], {
        result: { shape: result.shape, saved: result.saved },
        hasBias: bhh !== null,
      })
    : plain(packed);
  return {
    output: narrow(whole, 0, 0, steps),
    hidden: select(whole, 0, steps),
    cell: mode === 'lstm' ? select(whole, 0, steps + 1) : null,
  };
}
