import {
  cat,
  empty,
  nativeRecurrentLayer,
  stack,
  zeros,
  type DType,
  type Generator,
  type RecurrentMode,
  type Tensor,
} from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError } from '@torchlet/tensor';
import { dropout } from '../functional/dropout.js';
import { linear } from '../functional/linear.js';
import { uniform_ } from '../init/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pythonBool } from './python-repr.js';

export interface RecurrentOptions {
  /** Stacked layers (default 1); each takes the previous one's output. */
  numLayers?: number;
  /** Biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output as [batch, seq, feature] instead of [seq, batch, feature] (default false). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, while training (default 0). */
  dropout?: number;
  /** A second direction, run from the last step back (default false): outputs have 2·hidden features. */
  bidirectional?: boolean;
  dtype?: DType;
  /** Draws the initial weights from this generator instead of the default one. */
  generator?: Generator;
  /** Also draws the dropout masks from this generator. */
  dropoutGenerator?: Generator;
}

export interface RNNOptions extends RecurrentOptions {
  nonlinearity?: 'tanh' | 'relu';
}

export interface LSTMOptions extends RecurrentOptions {
  /** LSTM with projections (PyTorch's proj_size) is not implemented: only 0 is accepted. */
  projSize?: number;
}

const GATES: Record<RecurrentMode, number> = { lstm: 4, gru: 3, rnn_tanh: 1, rnn_relu: 1 };

/**
 * What RNN, LSTM and GRU share (PyTorch's RNNBase): parameters `weight_ih_l{k}` [G·H, in],
 * `weight_hh_l{k}` [G·H, H], `bias_ih_l{k}`, `bias_hh_l{k}` (and `_reverse` for the second
 * direction) under PyTorch's names, layouts (gates LSTM i, f, g, o; GRU r, z, n) and default init
 * U(±1/√H); forward over [T, B, in] (or [B, T, in], or unbatched [T, in]) with optional initial
 * state. Each direction of each layer is one recorded op: the input projection for every step in
 * one GEMM, then the recurrence with its gate math fused (@torchlet/tensor's recurrentLayer).
 */
abstract class RNNBase extends Module {
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  private readonly dropoutGenerator: Generator | undefined;

  constructor(
    private readonly layer: 'RNN' | 'LSTM' | 'GRU',
    protected readonly mode: RecurrentMode,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RecurrentOptions,
  ) {
    super();
    for (const [name, value] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ValueError(`${layer}: ${name} must be a positive integer, got ${value}`);
    }
    this.numLayers = options.numLayers ?? 1;
    if (!Number.isInteger(this.numLayers) || this.numLayers < 1) {
      throw new ValueError(`${layer}: numLayers must be a positive integer, got ${this.numLayers}`);
    }
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new ValueError(
        `${layer}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed, got ${this.dropout}`,
      );
    }
    this.bidirectional = options.bidirectional ?? false;
    this.dropoutGenerator = options.dropoutGenerator;
    const dtype = options.dtype ?? 'float32';
    const G = GATES[mode];
    const directions = this.bidirectional ? 2 : 1;
    for (let l = 0; l < this.numLayers; l++) {
      const inputs = l === 0 ? inputSize : hiddenSize * directions;
      for (let d = 0; d < directions; d++) {
        const suffix = `_l${l}${d === 1 ? '_reverse' : ''}`;
        this.registerParameter(`weight_ih${suffix}`, new Parameter(empty([G * hiddenSize, inputs], { dtype })));
        this.registerParameter(`weight_hh${suffix}`, new Parameter(empty([G * hiddenSize, hiddenSize], { dtype })));
        if (this.bias) {
          this.registerParameter(`bias_ih${suffix}`, new Parameter(empty([G * hiddenSize], { dtype })));
          this.registerParameter(`bias_hh${suffix}`, new Parameter(empty([G * hiddenSize], { dtype })));
        }
      }
    }
    this.resetParameters(options.generator);
  }

  /** PyTorch's default init: every weight and bias U(−1/√H, 1/√H), in state-dict order. */
  resetParameters(generator?: Generator): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) uniform_(p, -bound, bound, generator === undefined ? {} : { generator });
  }

  /** The parameter `name` of this layer (weight_ih_l0, ...), or null when there is none (no bias). */
  protected weight(name: string): Parameter | null {
    return ((this as unknown as Record<string, Parameter | undefined>)[name] ?? null) as Parameter | null;
  }

  private get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** [T, B, in] by time, from the input as given; the batch size; whether it was unbatched. */
  protected sequence(input: Tensor): { x: Tensor; batch: number; unbatched: boolean } {
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new ShapeError(
        `${this.layer}: expected a 3-D input ${this.batchFirst ? '[batch, seq, feature]' : '[seq, batch, feature]'} or an unbatched 2-D [seq, feature], got ${formatShape(input.shape)}`,
      );
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(
        `${this.layer}: input.size(-1) must be equal to inputSize. Expected ${this.inputSize}, got ${input.shape[input.ndim - 1]} (input ${formatShape(input.shape)})`,
      );
    }
    if (input.ndim === 2) return { x: input.unsqueeze(1), batch: 1, unbatched: true };
    const x = this.batchFirst ? input.transpose(0, 1) : input;
    return { x, batch: x.shape[1]!, unbatched: false };
  }

  /** An initial state [layers·directions, B, H] (zeros if not given), checked; unbatched states get their batch dim. */
  protected initialState(
    state: Tensor | undefined,
    batch: number,
    unbatched: boolean,
    dtype: DType,
    name: string,
  ): Tensor {
    const expected = [this.numLayers * this.directions, batch, this.hiddenSize];
    if (state === undefined) return zeros(expected, { dtype });
    const given = unbatched ? (state.ndim === 2 ? state.unsqueeze(1) : state) : state;
    if (formatShape(given.shape) !== formatShape(expected) || (unbatched && state.ndim !== 2)) {
      const shown = unbatched ? [expected[0]!, expected[2]!] : expected;
      throw new ShapeError(
        `${this.layer}: expected ${name} of size ${formatShape(shown)}, got ${formatShape(state.shape)}`,
      );
    }
    return given;
  }

  /** Runs every layer and direction; returns the output [T, B, D·H] and the final states per (layer, direction). */
  protected run(x: Tensor, h0: Tensor, c0: Tensor | null): { output: Tensor; hidden: Tensor[]; cells: Tensor[] } {
    const [steps, batch] = x.shape as [number, number];
    const hidden: Tensor[] = [];
    const cells: Tensor[] = [];
    let input = x;
    for (let l = 0; l < this.numLayers; l++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < this.directions; d++) {
        const suffix = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const k = l * this.directions + d;
        const bhh = this.weight(`bias_hh${suffix}`);
        // One GEMM for every step's input projection; b_hh folds in, except GRU's (n needs it apart).
        let xw = linear(
          input.reshape([steps * batch, -1]),
          this.weight(`weight_ih${suffix}`)!,
          this.weight(`bias_ih${suffix}`),
        );
        if (bhh !== null && this.mode !== 'gru') xw = xw.add(bhh);
        const result = nativeRecurrentLayer(
          this.mode,
          xw.reshape([steps, batch, -1]),
          this.weight(`weight_hh${suffix}`)!,
          this.mode === 'gru' ? bhh : null,
          h0.select(0, k),
          c0 === null ? null : c0.select(0, k),
          d === 1,
        );
        outputs.push(result.output);
        hidden.push(result.hidden);
        if (result.cell !== null) cells.push(result.cell);
      }
      input = outputs.length === 1 ? outputs[0]! : cat(outputs, 2);
      if (l < this.numLayers - 1 && this.dropout > 0) {
        input = dropout(input, this.dropout, {
          training: this.training,
          ...(this.dropoutGenerator === undefined ? {} : { generator: this.dropoutGenerator }),
        });
      }
    }
    return { output: input, hidden, cells };
  }

  /** The output back in the caller's layout ([B, T, ·] when batchFirst, [T, ·] when unbatched). */
  protected shaped(output: Tensor, unbatched: boolean): Tensor {
    if (unbatched) return output.squeeze(1);
    return this.batchFirst ? output.transpose(0, 1) : output;
  }

  protected finalState(states: Tensor[], unbatched: boolean): Tensor {
    const stacked = stack(states, 0);
    return unbatched ? stacked.squeeze(1) : stacked;
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`num_layers=${this.numLayers}`);
    if (!this.bias) parts.push(`bias=${pythonBool(false)}`);
    if (this.batchFirst) parts.push(`batch_first=${pythonBool(true)}`);
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push(`bidirectional=${pythonBool(true)}`);
    return parts.join(', '); // PyTorch's RNN repr does not show its nonlinearity
  }
}

/**
 * Elman RNN: h' = tanh (or relu) of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh. `forward(input, h0?)` gives
 * `[output, hN]` as PyTorch does: output [T, B, D·H], hN [layers·D, B, H].
 */
export class RNN extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ValueError(`RNN: unknown nonlinearity '${String(nonlinearity)}'; use 'tanh' or 'relu'`);
    }
    super('RNN', nonlinearity === 'tanh' ? 'rnn_tanh' : 'rnn_relu', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, h0?: Tensor): [Tensor, Tensor] {
    const { x, batch, unbatched } = this.sequence(input);
    const state = this.initialState(h0, batch, unbatched, x.dtype, 'hidden');
    const { output, hidden } = this.run(x, state, null);
    return [this.shaped(output, unbatched), this.finalState(hidden, unbatched)];
  }
}

/** GRU (gates r, z, n as PyTorch orders them). `forward(input, h0?)` gives `[output, hN]`. */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', 'gru', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, h0?: Tensor): [Tensor, Tensor] {
    const { x, batch, unbatched } = this.sequence(input);
    const state = this.initialState(h0, batch, unbatched, x.dtype, 'hidden');
    const { output, hidden } = this.run(x, state, null);
    return [this.shaped(output, unbatched), this.finalState(hidden, unbatched)];
  }
}

/**
 * LSTM (gates i, f, g, o as PyTorch orders them). `forward(input, [h0, c0]?)` gives
 * `[output, [hN, cN]]`. Projections (PyTorch's proj_size) are not implemented yet.
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    if ((options.projSize ?? 0) !== 0) {
      throw new ValueError('LSTM: projSize (LSTM with projections) is not implemented in torchlet yet; use projSize 0');
    }
    super('LSTM', 'lstm', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, state?: readonly [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const { x, batch, unbatched } = this.sequence(input);
    const h0 = this.initialState(state?.[0], batch, unbatched, x.dtype, 'hidden[0]');
    const c0 = this.initialState(state?.[1], batch, unbatched, x.dtype, 'hidden[1]');
    const { output, hidden, cells } = this.run(x, h0, c0);
    return [this.shaped(output, unbatched), [this.finalState(hidden, unbatched), this.finalState(cells, unbatched)]];
  }
}
