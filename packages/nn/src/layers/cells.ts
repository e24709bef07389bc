import {
  empty,
  nativeRecurrentLayer,
  zeros,
  type DType,
  type Generator,
  type RecurrentMode,
  type Tensor,
} from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError } from '@torchlet/tensor';
import { linear } from '../functional/linear.js';
import { uniform_ } from '../init/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pythonBool } from './python-repr.js';

export interface CellOptions {
  bias?: boolean;
  dtype?: DType;
  generator?: Generator;
}

const GATES: Record<RecurrentMode, number> = { lstm: 4, gru: 3, rnn_tanh: 1, rnn_relu: 1 };

/**
 * One step of a recurrent layer (PyTorch's RNNCell, LSTMCell, GRUCell): parameters `weight_ih`
 * [G·H, in], `weight_hh` [G·H, H], `bias_ih`, `bias_hh`, init U(±1/√H); input [B, in] or [in].
 * It runs the layer's recurrence for one step, so a cell and a one-step layer agree exactly.
 */
abstract class CellBase extends Module {
  readonly weight_ih: Parameter;
  readonly weight_hh: Parameter;
  readonly bias_ih: Parameter | null;
  readonly bias_hh: Parameter | null;

  constructor(
    private readonly cell: string,
    protected readonly mode: RecurrentMode,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: CellOptions,
  ) {
    super();
    for (const [name, value] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ValueError(`${cell}: ${name} must be a positive integer, got ${value}`);
    }
    const dtype = options.dtype ?? 'float32';
    const G = GATES[mode];
    this.weight_ih = new Parameter(empty([G * hiddenSize, inputSize], { dtype }));
    this.weight_hh = new Parameter(empty([G * hiddenSize, hiddenSize], { dtype }));
    const bias = options.bias ?? true;
    this.bias_ih = bias ? new Parameter(empty([G * hiddenSize], { dtype })) : null;
    this.bias_hh = bias ? new Parameter(empty([G * hiddenSize], { dtype })) : null;
    const bound = 1 / Math.sqrt(hiddenSize);
    for (const p of this.parameters())
      uniform_(p, -bound, bound, options.generator === undefined ? {} : { generator: options.generator });
  }

  /** [B, in] and whether the input was one unbatched sample [in]. */
  protected batchOf(input: Tensor): { x: Tensor; unbatched: boolean } {
    if ((input.ndim !== 1 && input.ndim !== 2) || input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(
        `${this.cell}: expected input [batch, ${this.inputSize}] or [${this.inputSize}], got ${formatShape(input.shape)}`,
      );
    }
    return input.ndim === 1 ? { x: input.unsqueeze(0), unbatched: true } : { x: input, unbatched: false };
  }

  protected stateOf(state: Tensor | undefined, batch: number, unbatched: boolean, dtype: DType): Tensor {
    if (state === undefined) return zeros([batch, this.hiddenSize], { dtype });
    const given = unbatched && state.ndim === 1 ? state.unsqueeze(0) : state;
    if (formatShape(given.shape) !== formatShape([batch, this.hiddenSize])) {
      throw new ShapeError(
        `${this.cell}: expected a state of shape [${unbatched ? '' : `${batch}, `}${this.hiddenSize}], got ${formatShape(state.shape)}`,
      );
    }
    return given;
  }

  /** One step of the recurrence from state h (and c). */
  protected step(x: Tensor, h: Tensor, c: Tensor | null): { h: Tensor; c: Tensor | null } {
    // b_hh folds into the projection's bias, except GRU's (n needs it apart), as in the layers.
    const fold = this.bias_ih !== null && this.bias_hh !== null && this.mode !== 'gru';
    const xw = linear(x, this.weight_ih, fold ? this.bias_ih!.add(this.bias_hh!) : this.bias_ih);
    const result = nativeRecurrentLayer(
      this.mode,
      xw.unsqueeze(0),
      this.weight_hh,
      this.mode === 'gru' ? this.bias_hh : null,
      h,
      c,
      false,
    );
    return { h: result.hidden, c: result.cell };
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.bias_ih === null) parts.push(`bias=${pythonBool(false)}`);
    if (this.mode === 'rnn_relu') parts.push('nonlinearity=relu');
    return parts.join(', ');
  }
}

/** One Elman RNN step: h' = tanh (or relu)(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh). */
export class RNNCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ValueError(`RNNCell: unknown nonlinearity '${String(nonlinearity)}'; use 'tanh' or 'relu'`);
    }
    super('RNNCell', nonlinearity === 'tanh' ? 'rnn_tanh' : 'rnn_relu', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, h?: Tensor): Tensor {
    const { x, unbatched } = this.batchOf(input);
    const out = this.step(x, this.stateOf(h, x.shape[0]!, unbatched, x.dtype), null).h;
    return unbatched ? out.squeeze(0) : out;
  }
}

/** One GRU step. */
export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('GRUCell', 'gru', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, h?: Tensor): Tensor {
    const { x, unbatched } = this.batchOf(input);
    const out = this.step(x, this.stateOf(h, x.shape[0]!, unbatched, x.dtype), null).h;
    return unbatched ? out.squeeze(0) : out;
  }
}

/** One LSTM step: `forward(input, [h, c]?)` gives `[h', c']`. */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('LSTMCell', 'lstm', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, state?: readonly [Tensor, Tensor]): [Tensor, Tensor] {
    const { x, unbatched } = this.batchOf(input);
    const batch = x.shape[0]!;
    const h = this.stateOf(state?.[0], batch, unbatched, x.dtype);
    const c = this.stateOf(state?.[1], batch, unbatched, x.dtype);
    const next = this.step(x, h, c);
    return unbatched ? [next.h.squeeze(0), next.c!.squeeze(0)] : [next.h, next.c!];
  }
}
