import type { DType } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { loadLayerCases, type LayerCase } from '../../../fixtures/parity.js';
import {
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  GroupNorm,
  LayerNorm,
  MaxPool1d,
  MaxPool2d,
  type Module,
} from './index.js';
import type { AdaptiveSize } from './functional/pooling.js';
import { expectLayerParity } from './layer-parity.test-util.js';

type Options = Record<string, never>;
const num = (c: LayerCase, i: number) => c.args[i] as number;
const size = (c: LayerCase, i: number) => c.args[i] as number | number[];

/** Every module of the fixtures, built from PyTorch's positional arguments and keyword options. */
const BUILD: Record<string, (c: LayerCase, dtype: DType) => Module> = {
  Conv1d: (c, dtype) => new Conv1d(num(c, 0), num(c, 1), size(c, 2), { ...(c.options as Options), dtype }),
  Conv2d: (c, dtype) => new Conv2d(num(c, 0), num(c, 1), size(c, 2), { ...(c.options as Options), dtype }),
  MaxPool1d: (c) => new MaxPool1d(size(c, 0), c.options as Options),
  MaxPool2d: (c) => new MaxPool2d(size(c, 0), c.options as Options),
  AvgPool1d: (c) => new AvgPool1d(size(c, 0), c.options as Options),
  AvgPool2d: (c) => new AvgPool2d(size(c, 0), c.options as Options),
  AdaptiveAvgPool2d: (c) => new AdaptiveAvgPool2d(c.args[0] as AdaptiveSize),
  BatchNorm1d: (c, dtype) => new BatchNorm1d(num(c, 0), { ...(c.options as Options), dtype }),
  BatchNorm2d: (c, dtype) => new BatchNorm2d(num(c, 0), { ...(c.options as Options), dtype }),
  LayerNorm: (c, dtype) => new LayerNorm(size(c, 0), { ...(c.options as Options), dtype }),
  GroupNorm: (c, dtype) => new GroupNorm(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
};

/** The recurrent and embedding cases belong to their own suite (recurrent-parity.test.ts). */
const RECURRENT = new Set(['Embedding', 'RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell']);

const cases = loadLayerCases().filter((c) => !RECURRENT.has(c.module));

describe('layers match PyTorch (layer-parity.json and layer-cases.json)', () => {
  test('every convolution, pooling and normalisation module of the fixtures is built here', () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.map((c) => c.module).filter((m) => !(m in BUILD))).toEqual([]);
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s (float64, to 1e-8)', (_id, c) => {
    expectLayerParity(c, BUILD[c.module]!, 'float64');
  });

  // The float32 paths (WebAssembly GEMM for the larger products) against the same answers.
  test.each(cases.map((c) => [c.id, c] as const))('%s (float32)', (_id, c) => {
    expectLayerParity(c, BUILD[c.module]!, 'float32');
  });
});
