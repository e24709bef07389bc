import { manualSeed, randn, zeros } from '@torchlet/autograd';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  Dropout2d,
  Embedding,
  Flatten,
  GRU,
  LSTM,
  LSTMCell,
  RNN,
  RNNCell,
  GroupNorm,
  LayerNorm,
  Linear,
  MaxPool1d,
  MaxPool2d,
  ReLU,
  Sequential,
  Unflatten,
  type Module,
} from './index.js';

const reprs = (
  JSON.parse(readFileSync(new URL('../../../fixtures/pytorch/layer-cases.json', import.meta.url), 'utf8')) as {
    reprs: Record<string, string>;
  }
).reprs;

/** The TypeScript side of each PyTorch repr in the fixture (same keys). */
const CONSTRUCTED: Record<string, () => Module> = {
  'new Conv2d(1, 6, 5, { padding: 2 })': () => new Conv2d(1, 6, 5, { padding: 2 }),
  "new Conv2d(4, 8, [3, 2], { stride: [2, 1], dilation: 2, groups: 2, bias: false, paddingMode: 'reflect', padding: 1 })":
    () =>
      new Conv2d(4, 8, [3, 2], {
        stride: [2, 1],
        dilation: 2,
        groups: 2,
        bias: false,
        paddingMode: 'reflect',
        padding: 1,
      }),
  "new Conv2d(2, 2, 3, { padding: 'same' })": () => new Conv2d(2, 2, 3, { padding: 'same' }),
  'new Conv1d(3, 4, 3, { stride: 2 })': () => new Conv1d(3, 4, 3, { stride: 2 }),
  'new MaxPool2d(2)': () => new MaxPool2d(2),
  'new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true })': () =>
    new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
  'new MaxPool1d(3)': () => new MaxPool1d(3),
  'new AvgPool2d(2)': () => new AvgPool2d(2),
  'new AvgPool1d(4, { stride: 2 })': () => new AvgPool1d(4, { stride: 2 }),
  'new AdaptiveAvgPool2d(1)': () => new AdaptiveAvgPool2d(1),
  'new AdaptiveAvgPool2d([null, 3])': () => new AdaptiveAvgPool2d([null, 3]),
  'new BatchNorm2d(16)': () => new BatchNorm2d(16),
  'new BatchNorm1d(5, { momentum: null, affine: false, eps: 0.001 })': () =>
    new BatchNorm1d(5, { momentum: null, affine: false, eps: 0.001 }),
  'new LayerNorm(6)': () => new LayerNorm(6),
  'new LayerNorm([3, 4], { elementwiseAffine: false })': () => new LayerNorm([3, 4], { elementwiseAffine: false }),
  'new GroupNorm(2, 6)': () => new GroupNorm(2, 6),
  'new Dropout2d(0.25)': () => new Dropout2d(0.25),
  'new Unflatten(1, [16, 5, 5])': () => new Unflatten(1, [16, 5, 5]),
  'new Embedding(10, 4, { paddingIdx: 0 })': () => new Embedding(10, 4, { paddingIdx: 0 }),
  'new LSTM(64, 256, { numLayers: 2, batchFirst: true, dropout: 0.5, bidirectional: true })': () =>
    new LSTM(64, 256, { numLayers: 2, batchFirst: true, dropout: 0.5, bidirectional: true }),
  'new GRU(3, 4, { bias: false })': () => new GRU(3, 4, { bias: false }),
  "new RNN(3, 4, { nonlinearity: 'relu' })": () => new RNN(3, 4, { nonlinearity: 'relu' }),
  'new LSTMCell(4, 5)': () => new LSTMCell(4, 5),
  "new RNNCell(2, 3, { nonlinearity: 'relu', bias: false })": () =>
    new RNNCell(2, 3, { nonlinearity: 'relu', bias: false }),
};

describe('convolution, pooling, normalisation, recurrent and embedding layers', () => {
  test('print as PyTorch prints them', () => {
    expect(Object.keys(CONSTRUCTED).sort()).toEqual(Object.keys(reprs).sort());
    for (const [code, build] of Object.entries(CONSTRUCTED)) expect(String(build()), code).toBe(reprs[code]);
  });

  test("PyTorch's state-dict keys and shapes", () => {
    const model = new Sequential(
      new Conv2d(3, 8, 3, { groups: 1 }),
      new BatchNorm2d(8),
      new Conv2d(8, 4, 1, { groups: 4, bias: false }),
    );
    const shapes = Object.fromEntries(Object.entries(model.stateDict()).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      '0.weight': [8, 3, 3, 3],
      '0.bias': [8],
      '1.weight': [8],
      '1.bias': [8],
      '1.running_mean': [8],
      '1.running_var': [8],
      '1.num_batches_tracked': [],
      '2.weight': [4, 2, 1, 1],
    });
    expect(model.stateDict()['1.num_batches_tracked']!.dtype).toBe('int32');
    expect(new BatchNorm2d(3, { affine: false, trackRunningStats: false }).stateDict()).toEqual({});
  });

  test("PyTorch's default init: weight and bias uniform in ±1/√fanIn (fanIn = in/groups · kH · kW)", () => {
    manualSeed(1);
    const conv = new Conv2d(16, 32, 3, { groups: 2 });
    const bound = 1 / Math.sqrt(8 * 9);
    for (const p of [conv.weight, conv.bias]) {
      const values = Array.from(p.toTypedArray());
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
    }
    // Spread over the whole range, not a fraction of it: the standard deviation of U(±b) is b/√3.
    const w = Array.from(conv.weight.toTypedArray());
    const std = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
    expect(std / (bound / Math.sqrt(3))).toBeGreaterThan(0.95);
    expect(std / (bound / Math.sqrt(3))).toBeLessThan(1.05);
  });

  test('errors name the layer and the shapes', () => {
    expect(() => new Conv2d(3, 6, 5).forward(zeros([8, 1, 28, 28]))).toThrow(
      'Conv2d: expected input [N, 3, H, W] (3 channels) or unbatched [3, H, W], got [8, 1, 28, 28]',
    );
    expect(() => new Conv2d(1, 6, 5).forward(zeros([1, 1, 3, 3]))).toThrow(/kernel .* is larger than the padded input/);
    expect(() => new Conv2d(4, 6, 3, { groups: 3 })).toThrow('Conv2d: inChannels (4) must be divisible by groups (3)');
    expect(() => new Conv2d(3, 6, 3, { stride: 0 })).toThrow(/Conv2d: stride must be a positive integer/);
    expect(() => new Conv2d(3, 6, 3, { stride: 2, padding: 'same' })).toThrow(
      "padding='same' is not supported for strided",
    );
    expect(() => new Conv1d(3, 6, 3).forward(zeros([2, 3, 4, 4]))).toThrow(/Conv1d: expected input \[N, 3, L\]/);
    expect(() => new BatchNorm2d(3).forward(zeros([2, 3, 4]))).toThrow(
      'BatchNorm2d: expected 4D input, got 3D input [2, 3, 4]',
    );
    expect(() => new BatchNorm1d(3).forward(zeros([2, 5]))).toThrow(/BatchNorm1d: expected input with 3 channels/);
    expect(() => new BatchNorm1d(3).forward(zeros([1, 3]))).toThrow(
      /expected more than 1 value per channel when training/,
    );
    expect(() => new MaxPool2d(2, { padding: 2 }).forward(zeros([1, 1, 4, 4]))).toThrow(/pad should be at most half/);
    expect(() => new LayerNorm(4).forward(zeros([2, 5]))).toThrow(/expected input with shape \[\*, 4\]/);
    expect(() => new GroupNorm(4, 6)).toThrow('GroupNorm: numChannels (6) must be divisible by numGroups (4)');
  });

  test('a failed batch-norm forward changes no buffer', () => {
    const bn = new BatchNorm1d(3);
    const before = JSON.stringify(Object.values(bn.stateDict()).map((t) => t.toArray()));
    expect(() => bn.forward(zeros([1, 3]))).toThrow();
    expect(JSON.stringify(Object.values(bn.stateDict()).map((t) => t.toArray()))).toBe(before);
  });

  test('train() uses batch statistics and updates the running ones; eval() uses the running ones', () => {
    const bn = new BatchNorm1d(2);
    const x = randn([64, 2]).mul(3).add(5);
    bn.forward(x);
    expect(bn.numBatchesTracked!.item()).toBe(1);
    const mean = bn.runningMean!.toTypedArray();
    expect(mean[0]).toBeGreaterThan(0.3); // 0.1 · ≈5
    bn.eval();
    const y = bn.forward(x);
    expect(Math.abs(y.mean().item())).toBeGreaterThan(0.5); // normalised by the (still mostly initial) running stats
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  test('a LeNet-style CNN runs end to end and trains', () => {
    manualSeed(0);
    const model = new Sequential(
      new Conv2d(1, 6, 5, { padding: 2 }),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(6, 16, 5),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(16 * 5 * 5, 10),
    );
    const x = randn([4, 1, 28, 28]);
    const out = model.forward(x);
    expect(out.shape).toEqual([4, 10]);
    out.sum().backward();
    expect(model[0].weight.grad!.shape).toEqual([6, 1, 5, 5]);
    expect(model[3].bias.grad!.shape).toEqual([16]);
  });
});
