import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  arrayForwards,
  closeness,
  loadOpCases,
  type FixtureArray,
  type OpCase,
  type Precision,
} from '../../../../../fixtures/parity.js';
import { NDArray, setBackend, tensor } from '../../index.js';
import { defaultBackend, jsBackend, wasmBackend } from '../backend.js';

// The PyTorch parity fixtures (as in src/parity.test.ts) with the wasm kernels forced for every
// size, for the ops that reach the backend: results must match PyTorch and the JavaScript kernels.

// The ops that reach the backend.
const BACKEND_OPS = ['add', 'sub', 'mul', 'div', 'rsub', 'matmul', 'sum', 'mean', 'linreg', 'squared_loss'];
const ALL = arrayForwards<NDArray>();
const FORWARD = Object.fromEntries(BACKEND_OPS.map((op) => [op, ALL[op]!]));

function toNDArray(spec: FixtureArray, precision: Precision): NDArray {
  const dtype = spec.dtype === 'int64' ? 'int32' : precision;
  return tensor(spec.data, { dtype }).reshape(spec.shape);
}

const cases = loadOpCases().filter((c) => c.op in FORWARD);

describe('forward parity with PyTorch, wasm kernels forced for every size', () => {
  beforeAll(() => {
    setBackend(wasmBackend);
  });
  afterAll(() => {
    setBackend(defaultBackend);
  });

  test('the fixtures cover every op that reaches the backend', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(FORWARD)));
  });

  for (const precision of ['float64', 'float32'] as const) {
    test.each(cases.map((c) => [c.id, c] as [string, OpCase]))(`%s (${precision})`, (_id, c) => {
      const run = () =>
        FORWARD[c.op]!(
          c.inputs.map((x) => toNDArray(x, precision)),
          c.kwargs,
        );
      const out = run();
      expect(out.shape).toEqual(c.output.shape);
      expect(out.dtype).toBe(precision);
      expect(closeness(out.toTypedArray(), c.output.data, precision)).toBeNull();
      setBackend(jsBackend);
      const reference = run().toTypedArray();
      setBackend(wasmBackend);
      expect(closeness(out.toTypedArray(), reference, precision)).toBeNull();
      if (c.op !== 'matmul' && c.op !== 'linreg' && c.op !== 'sum' && c.op !== 'mean') {
        expect(out.toTypedArray()).toEqual(reference); // element-wise: the same bits
      }
    });
  }
});
