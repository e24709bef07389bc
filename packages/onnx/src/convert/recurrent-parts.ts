import type { Tensor } from '@torchlet/autograd';
import type { OpContext } from './op-context.js';

/** How a view reads a tensor: a slice along a dim, or one index of it. */
export type ViewRead =
  | {
      readonly kind: 'slice';
      readonly dim: number;
      readonly start: number;
      readonly length: number;
      readonly step: number;
    }
  | { readonly kind: 'select'; readonly dim: number; readonly index: number };

/**
 * A recurrent layer's result is packed as [output (T rows); h_T; c_T] along dim 0 and read
 * through views; ONNX's LSTM/GRU/RNN give the three as separate outputs. For a view of a packed
 * result: the ONNX value it reads (null when `input` is no recurrent result).
 */
export function recurrentPart(ctx: OpContext, input: Tensor, read: ViewRead): string | null {
  const parts = ctx.conversion.recurrent(input);
  if (parts === undefined) return null;
  if (read.dim === 0 && read.kind === 'slice' && read.start === 0 && read.step === 1 && read.length === parts.steps)
    return parts.output;
  if (read.dim === 0 && read.kind === 'select' && read.index === parts.steps) return parts.hidden;
  if (read.dim === 0 && read.kind === 'select' && read.index === parts.steps + 1 && parts.cell !== null)
    return parts.cell;
  return ctx.fail(
    "reads a recurrent layer's packed result other than as its output, last hidden state or last cell state",
  );
}
