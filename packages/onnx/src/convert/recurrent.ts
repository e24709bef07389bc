import type { Tensor } from '@torchlet/autograd';
import type { RecurrentMode } from '@torchlet/tensor';
import { int, string, strings } from '../graph/attributes.js';
import { valuesData } from '../graph/tensor-data.js';
import type { Converter, OpContext } from './op-context.js';

/**
 * For each ONNX gate block, the PyTorch block it is: PyTorch's LSTM rows are i, f, g, o and
 * ONNX's i, o, f, c (c is g); GRU's r, z, n and ONNX's z, r, h.
 */
const GATE_ORDER: Record<RecurrentMode, readonly number[]> = {
  lstm: [0, 3, 1, 2],
  gru: [1, 0, 2],
  rnn_tanh: [0],
  rnn_relu: [0],
};

const OP_TYPES: Record<RecurrentMode, 'LSTM' | 'GRU' | 'RNN'> = {
  lstm: 'LSTM',
  gru: 'GRU',
  rnn_tanh: 'RNN',
  rnn_relu: 'RNN',
};

/** The rows of every gate block in ONNX's order, for a Gather along dim 0. */
function gateRows(mode: RecurrentMode, hidden: number): number[] {
  return GATE_ORDER[mode].flatMap((block) => Array.from({ length: hidden }, (_, k) => block * hidden + k));
}

/** What the layer's input projection `xw` was made from: x·W_ihᵀ + b_ih (+ b_hh folded in), as nn's layers and cells run it. */
interface Projection {
  /** The layer's input as [T, B, in]. */
  readonly x: string;
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  /** b_hh when it was added to the projection (LSTM and RNN layers fold it in). */
  readonly folded: Tensor | null;
}

/**
 * Finds x, W_ih and the biases behind `xw` [T, B, G·H] — reshape([T, B, -1]) of linear(reshape(x,
 * [T·B, -1]), W_ih, b_ih) (+ b_hh), or a cell's unsqueeze(0) of linear(x, W_ih, b) — so the ONNX
 * node reads the layer's own input and weights. Null for any other projection.
 */
function projection(ctx: OpContext, xw: Tensor, gates: number): Projection | null {
  const producer = (t: Tensor) => ctx.conversion.producer(t);
  const [steps, batch] = xw.shape as [number, number];
  let t = xw;
  const reshaped = producer(t);
  if (reshaped?.op !== 'reshape') return null;
  t = reshaped.inputs[0]!;
  let folded: Tensor | null = null;
  const added = producer(t);
  if (added?.op === 'add' && added.inputs.length === 2 && added.inputs[1]!.ndim === 1) {
    folded = added.inputs[1]!;
    if (folded.shape[0] !== gates) return null;
    t = added.inputs[0]!;
  }
  const linear = producer(t);
  if (linear?.op !== 'linear') return null;
  const [input, weight, bias] = linear.inputs as [Tensor, Tensor, Tensor | undefined];
  if (input.ndim !== 2) return null;
  const flattened = producer(input);
  const source = flattened?.op === 'reshape' ? flattened.inputs[0]! : null;
  let x: string;
  if (source !== null && source.ndim === 3 && source.shape[0] === steps && source.shape[1] === batch) {
    x = ctx.value(source);
  } else if (steps === 1 && input.shape[0] === batch) {
    x = ctx.node('Unsqueeze', [ctx.value(input), ctx.int64s([0])]);
  } else {
    return null;
  }
  return { x, weight, bias: bias ?? null, folded };
}

/**
 * One direction of a recurrent layer as ONNX's own LSTM, GRU or RNN node. The weights are the
 * layer's parameters (initializers under their state-dict keys) with the gate blocks reordered
 * by a Gather in the graph, which ONNX Runtime folds when it loads the model. GRU runs with
 * linear_before_reset=1: PyTorch applies r to (W_hn·h + b_hn). An initial state that is all
 * zeros (nn's default) is left out, so the batch size can vary.
 */
const recurrentLayer: Converter<'recurrentLayer'> = (ctx, op) => {
  const { mode, steps, hidden, reverse } = op.params.result.shape;
  const lstm = mode === 'lstm';
  const [xw, whh] = op.inputs as [Tensor, Tensor];
  const bhh = op.params.hasBias ? op.inputs[2]! : null;
  const h0 = op.inputs[op.params.hasBias ? 3 : 2]!;
  const c0 = lstm ? op.inputs[op.params.hasBias ? 4 : 3]! : null;
  const gates = GATE_ORDER[mode].length * hidden;
  const dtype = xw.dtype;
  const rows = ctx.int64s(gateRows(mode, hidden), 'GateOrder');
  const batched = (value: string) => ctx.node('Unsqueeze', [value, ctx.int64s([0])]);
  const reordered = (tensor: Tensor) => ctx.node('Gather', [ctx.value(tensor), rows], { axis: int(0) });
  const zeros = () => ctx.constant(valuesData(dtype, new Array<number>(gates).fill(0)), 'Zeros');

  const found = projection(ctx, xw, gates);
  let x: string;
  let w: string;
  let inputBias: string;
  if (found !== null) {
    x = found.x;
    w = reordered(found.weight);
    inputBias = found.bias === null ? zeros() : reordered(found.bias);
    if (found.folded !== null) inputBias = ctx.node('Add', [inputBias, reordered(found.folded)]);
  } else {
    // Any other projection: X is xw itself and W the identity, reordering its columns.
    x = ctx.value(xw);
    const eye = new Array<number>(gates * gates).fill(0);
    for (let k = 0; k < gates; k++) eye[k * gates + k] = 1;
    const identity = ctx.constant(valuesData(dtype, eye, [gates, gates]), 'Identity');
    w = ctx.node('Gather', [identity, rows], { axis: int(0) });
    inputBias = zeros();
  }
  const hiddenBias = bhh === null ? zeros() : reordered(bhh);
  const operands = [
    x,
    batched(w),
    batched(ctx.node('Gather', [ctx.value(whh), rows], { axis: int(0) })),
    batched(ctx.node('Concat', [inputBias, hiddenBias], { axis: int(0) })),
    '', // sequence_lens: every sequence runs all T steps
    isZeros(ctx, h0) ? '' : batched(ctx.value(h0)),
  ];
  if (c0 !== null) operands.push(isZeros(ctx, c0) ? '' : batched(ctx.value(c0)));
  const attributes = {
    hidden_size: int(hidden),
    direction: string(reverse ? 'reverse' : 'forward'),
    ...(mode === 'gru' ? { linear_before_reset: int(1) } : {}),
    ...(mode === 'rnn_relu' ? { activations: strings(['Relu']) } : {}),
  };
  const [y, yh, yc] = ctx.nodes(OP_TYPES[mode], operands, attributes, lstm ? 3 : 2);
  const squeeze = (value: string, axis: number) => ctx.node('Squeeze', [value, ctx.int64s([axis])]);
  const parts = { steps, output: squeeze(y!, 1), hidden: squeeze(yh!, 0), cell: lstm ? squeeze(yc!, 0) : null };
  ctx.conversion.bindRecurrent(op.output, parts, ctx.dependsOnInputs());
};

/** Whether a state is a constant of zeros (nn's default initial state). */
function isZeros(ctx: OpContext, state: Tensor): boolean {
  const value = ctx.constantValue(state);
  return value !== null && Array.from(value.toTypedArray(), Number).every((v) => v === 0);
}

export const RECURRENT = { recurrentLayer };
