import { manualSeed, ones, randn, tensor, zeros } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { Embedding, GRU, Linear, LSTM, LSTMCell, Parameter, RNN, utils } from './index.js';

describe('recurrent layers', () => {
  test("parameters under PyTorch's names, layouts and order, initialised U(±1/√H)", () => {
    manualSeed(0);
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true });
    const shapes = lstm.namedParameters().map(([k, p]) => `${k} ${p.shape.join('x')}`);
    expect(shapes.slice(0, 8)).toEqual([
      'weight_ih_l0 16x3',
      'weight_hh_l0 16x4',
      'bias_ih_l0 16',
      'bias_hh_l0 16',
      'weight_ih_l0_reverse 16x3',
      'weight_hh_l0_reverse 16x4',
      'bias_ih_l0_reverse 16',
      'bias_hh_l0_reverse 16',
    ]);
    expect(shapes[8]).toBe('weight_ih_l1 16x8'); // the second layer reads both directions
    const bound = 1 / Math.sqrt(4);
    for (const p of lstm.parameters())
      expect(Math.max(...Array.from(p.toTypedArray(), Math.abs))).toBeLessThanOrEqual(bound);
    expect(Object.keys(new GRU(2, 5, { bias: false }).stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0']);
  });

  test("PyTorch's results: [output, hN] and [output, [hN, cN]] with their shapes, batchFirst and unbatched", () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
    const [output, [h, c]] = lstm.forward(randn([2, 5, 3]));
    expect(output.shape).toEqual([2, 5, 8]);
    expect(h.shape).toEqual([4, 2, 4]);
    expect(c.shape).toEqual([4, 2, 4]);
    const [unbatched, hN] = new GRU(3, 4).forward(randn([5, 3]));
    expect(unbatched.shape).toEqual([5, 4]);
    expect(hN.shape).toEqual([1, 4]);
    // The last step's output is the final hidden state (forward direction).
    const rnn = new RNN(2, 3);
    const [out, last] = rnn.forward(randn([4, 1, 2]));
    expect(out.select(0, 3).toArray()).toEqual(last.select(0, 0).toArray());
  });

  test('a cell and a one-step layer with the same weights agree', () => {
    const cell = new LSTMCell(3, 2);
    const layer = new LSTM(3, 2);
    layer.loadStateDict({
      weight_ih_l0: cell.weight_ih,
      weight_hh_l0: cell.weight_hh,
      bias_ih_l0: cell.bias_ih!,
      bias_hh_l0: cell.bias_hh!,
    });
    const x = randn([4, 3]);
    const [h, c] = cell.forward(x);
    const [, [hN, cN]] = layer.forward(x.unsqueeze(0));
    // The cell composes autograd ops, the layer runs the fused recurrence: float32 rounding apart.
    expect(h.sub(hN.squeeze(0)).abs().max().item()).toBeLessThan(1e-6);
    expect(c.sub(cN.squeeze(0)).abs().max().item()).toBeLessThan(1e-6);
  });

  test('errors name the layer, the shapes and what was expected', () => {
    expect(() => new LSTM(3, 4).forward(zeros([5, 2, 2]))).toThrow(
      'LSTM: input.size(-1) must be equal to inputSize. Expected 3, got 2 (input [5, 2, 2])',
    );
    expect(() => new GRU(3, 4, { numLayers: 2 }).forward(zeros([5, 2, 3]), zeros([1, 2, 4]))).toThrow(
      'GRU: expected hidden of size [2, 2, 4], got [1, 2, 4]',
    );
    expect(() => new LSTM(3, 4, { projSize: 2 })).toThrow(/projSize .* is not implemented/);
    expect(() => new RNN(3, 4, { dropout: 2 })).toThrow(/dropout should be a number in range \[0, 1\]/);
    expect(() => new RNN(3, 4).forward(zeros([5]))).toThrow(/RNN: expected a 3-D input \[seq, batch, feature\]/);
  });

  test('dropout between layers only while training', () => {
    const lstm = new LSTM(2, 3, { numLayers: 2, dropout: 0.5 });
    const x = randn([4, 2, 2]);
    lstm.eval();
    expect(lstm.forward(x)[0].toArray()).toEqual(lstm.forward(x)[0].toArray());
  });
});

describe('Embedding', () => {
  test('padding row zero at first, fromPretrained frozen by default', () => {
    const embedding = new Embedding(5, 3, { paddingIdx: -1 });
    expect(embedding.paddingIdx).toBe(4);
    expect(embedding.weight.select(0, 4).toArray()).toEqual([0, 0, 0]);
    const pretrained = Embedding.fromPretrained(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(pretrained.weight.requiresGrad).toBe(false);
    expect(pretrained.forward(tensor([[1, 0]], { dtype: 'int32' })).toArray()).toEqual([
      [
        [3, 4],
        [1, 2],
      ],
    ]);
    expect(Embedding.fromPretrained(ones([2, 2]), { freeze: false }).weight.requiresGrad).toBe(true);
    expect(() => new Embedding(5, 3, { paddingIdx: 5 })).toThrow(
      'Embedding: paddingIdx must be within numEmbeddings (5), got 5',
    );
  });

  test('maxNorm rescales the looked-up rows in place', () => {
    const embedding = Embedding.fromPretrained(
      tensor([
        [3, 4],
        [0.3, 0.4],
      ]),
      { maxNorm: 1 },
    );
    const out = embedding.forward(tensor([0], { dtype: 'int32' }));
    expect((out.toArray() as number[][])[0]).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)]);
    expect(embedding.weight.select(0, 1).toArray()).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
  });
});

describe('nn.utils', () => {
  test('clipGradNorm_ scales every gradient by maxNorm / (total + 1e-6) and returns the total', () => {
    const a = new Parameter(zeros([2]));
    const b = new Parameter(zeros([1]));
    a.grad = tensor([3, 0]);
    b.grad = tensor([4]);
    const total = utils.clipGradNorm_([a, b], 1);
    expect(total.item()).toBeCloseTo(5, 6);
    expect(a.grad.toArray()).toEqual([expect.closeTo(0.6, 5), 0]);
    expect(b.grad.toArray()).toEqual([expect.closeTo(0.8, 5)]);
    a.grad = tensor([0.1, 0]);
    expect(utils.clipGradNorm_(a, 1, { normType: Infinity }).item()).toBeCloseTo(0.1, 6);
    expect(a.grad.toArray()).toEqual([expect.closeTo(0.1, 6), 0]); // below the limit: unchanged
    b.grad = tensor([Number.NaN]);
    expect(() => utils.clipGradNorm_([b], 1, { errorIfNonfinite: true })).toThrow(/non-finite/);
  });

  test('clipGradValue_ clamps every element', () => {
    const layer = new Linear(2, 1);
    layer.weight.grad = tensor([[5, -0.5]]);
    utils.clipGradValue_(layer.parameters(), 1);
    expect(layer.weight.grad.toArray()).toEqual([[1, -0.5]]);
  });
});
