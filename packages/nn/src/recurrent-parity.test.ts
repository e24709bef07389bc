import type { DType } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { loadLayerCases, type LayerCase } from '../../../fixtures/parity.js';
import { Embedding, GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, type Module } from './index.js';
import { expectLayerParity } from './layer-parity.test-util.js';

type Options = Record<string, never>;
const num = (c: LayerCase, i: number) => c.args[i] as number;

/** The recurrent and embedding modules of the fixtures, built from PyTorch's arguments. */
const BUILD: Record<string, (c: LayerCase, dtype: DType) => Module> = {
  Embedding: (c, dtype) => new Embedding(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
  RNN: (c, dtype) => new RNN(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
  LSTM: (c, dtype) => new LSTM(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
  GRU: (c, dtype) => new GRU(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
  RNNCell: (c, dtype) => new RNNCell(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
  LSTMCell: (c, dtype) => new LSTMCell(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
  GRUCell: (c, dtype) => new GRUCell(num(c, 0), num(c, 1), { ...(c.options as Options), dtype }),
};

const cases = loadLayerCases().filter((c) => c.module in BUILD);

describe('recurrent layers and embeddings match PyTorch (layer-parity.json and layer-cases.json)', () => {
  test("the shared reference's Embedding, RNN, LSTM and GRU cases are all here", () => {
    for (const module of ['Embedding', 'RNN', 'LSTM', 'GRU']) expect(cases.some((c) => c.module === module)).toBe(true);
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s (float64, to 1e-8)', (_id, c) => {
    expectLayerParity(c, BUILD[c.module]!, 'float64');
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s (float32)', (_id, c) => {
    expectLayerParity(c, BUILD[c.module]!, 'float32');
  });
});
