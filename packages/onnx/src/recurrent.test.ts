import { manualSeed, randn, type Tensor } from '@torchlet/autograd';
import { GRU, GRUCell, Linear, LSTM, LSTMCell, Module, RNN } from '@torchlet/nn';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportOnnx } from './index.js';
import { decode, dimsOf, expectSameOutputs, ORT_TIMEOUT } from './onnx-runtime.test-util.js';

/** A sequence model as the tutorial builds one: a recurrent layer, then a linear layer on its last step. */
class SequenceModel extends Module {
  readonly head: Linear;
  constructor(readonly rnn: LSTM | GRU | RNN) {
    super();
    this.head = new Linear(rnn.hiddenSize * (rnn.bidirectional ? 2 : 1), 2);
  }
  forward(x: Tensor): [Tensor, Tensor] {
    const [output, state] = this.rnn.forward(x);
    const hidden = Array.isArray(state) ? state[0] : state;
    // The last step's output ([B, T, ·] when batchFirst, else [T, B, ·]).
    const last = output.select(this.rnn.batchFirst ? 1 : 0, -1);
    return [this.head.forward(last), hidden];
  }
}

const names = { inputNames: ['x'], outputNames: ['y', 'h'] };
const io = { inputs: ['x'], outputs: ['y', 'h'] };

beforeAll(() => manualSeed(1));

describe('recurrent layers as ONNX LSTM, GRU and RNN nodes', () => {
  test(
    'a two-layer LSTM: its own LSTM nodes (gates reordered), any batch size and sequence length',
    async () => {
      const model = new SequenceModel(new LSTM(3, 5, { numLayers: 2 }));
      const bytes = exportOnnx(model, randn([4, 2, 3]), { ...names, dynamicAxes: { x: { 0: 'steps', 1: 'batch' } } });
      const proto = decode(bytes);
      expect(proto.graph!.node.filter((n) => n.opType === 'LSTM')).toHaveLength(2);
      // The layer's weights are the state dict's; the input projection runs inside ONNX's node.
      expect(proto.graph!.initializer.map((t) => t.name)).toEqual(
        expect.arrayContaining(['rnn.weight_ih_l0', 'rnn.weight_hh_l1']),
      );
      expect(proto.graph!.node.filter((n) => n.opType === 'Gemm')).toHaveLength(1); // the head's only
      expect(dimsOf(proto, 'input', 'x')).toEqual(['steps', 'batch', 3]);
      expect(dimsOf(proto, 'output', 'h')).toEqual([2, 'batch', 5]);
      await expectSameOutputs(model, bytes, [[randn([4, 2, 3])], [randn([9, 6, 3])], [randn([1, 1, 3])]], io);
    },
    ORT_TIMEOUT,
  );

  test(
    'a bidirectional, batch-first GRU (linear_before_reset) and a relu RNN without biases',
    async () => {
      const gru = new SequenceModel(new GRU(4, 3, { bidirectional: true, batchFirst: true }));
      const gruBytes = exportOnnx(gru, randn([2, 5, 4]), { ...names, dynamicAxes: { x: { 0: 'batch', 1: 'steps' } } });
      const node = decode(gruBytes).graph!.node.find((n) => n.opType === 'GRU')!;
      expect(node.attribute.find((a) => a.name === 'linear_before_reset')?.i).toBe(1n);
      await expectSameOutputs(gru, gruBytes, [[randn([3, 7, 4])], [randn([1, 2, 4])]], io);

      const rnn = new SequenceModel(new RNN(4, 6, { nonlinearity: 'relu', bias: false, numLayers: 2 }));
      const rnnBytes = exportOnnx(rnn, randn([5, 2, 4]), { ...names, dynamicAxes: { x: { 1: 'batch' } } });
      expect(decode(rnnBytes).graph!.node.filter((n) => n.opType === 'RNN')).toHaveLength(2);
      await expectSameOutputs(rnn, rnnBytes, [[randn([5, 3, 4])]], io);
    },
    ORT_TIMEOUT,
  );

  test(
    'an LSTM given its initial state, and one step of LSTMCell and GRUCell',
    async () => {
      class Stateful extends Module {
        lstm = new LSTM(2, 3);
        cell = new LSTMCell(3, 3);
        gru = new GRUCell(3, 4);
        forward(x: Tensor, h0: Tensor, c0: Tensor): Tensor[] {
          const [output, [h, c]] = this.lstm.forward(x, [h0, c0]);
          const [h1, c1] = this.cell.forward(output.select(0, 0), [h.select(0, 0), c.select(0, 0)]);
          return [output, h1, c1, this.gru.forward(h1)];
        }
      }
      const model = new Stateful();
      const inputs = [randn([6, 2, 2]), randn([1, 2, 3]), randn([1, 2, 3])];
      const bytes = exportOnnx(model, inputs, {
        inputNames: ['x', 'h0', 'c0'],
        dynamicAxes: { x: { 1: 'batch' }, h0: { 1: 'batch' }, c0: { 1: 'batch' } },
      });
      const outputs = ['output_0', 'output_1', 'output_2', 'output_3'];
      await expectSameOutputs(model, bytes, [inputs, [randn([6, 5, 2]), randn([1, 5, 3]), randn([1, 5, 3])]], {
        inputs: ['x', 'h0', 'c0'],
        outputs,
      });
    },
    ORT_TIMEOUT,
  );

  test(
    "an encoder's last state as a decoder's initial state (a state computed in the graph, not zeros)",
    async () => {
      class Seq2Seq extends Module {
        encoder = new LSTM(3, 4);
        decoder = new LSTM(2, 4);
        forward(source: Tensor, target: Tensor): Tensor {
          const [, state] = this.encoder.forward(source);
          return this.decoder.forward(target, state)[0];
        }
      }
      const model = new Seq2Seq();
      const bytes = exportOnnx(model, [randn([5, 2, 3]), randn([3, 2, 2])], {
        inputNames: ['source', 'target'],
        dynamicAxes: { source: { 0: 'steps', 1: 'batch' }, target: { 0: 'out_steps', 1: 'batch' } },
      });
      await expectSameOutputs(model, bytes, [[randn([7, 4, 3]), randn([2, 4, 2])]], {
        inputs: ['source', 'target'],
        outputs: ['output'],
      });
    },
    ORT_TIMEOUT,
  );
});
