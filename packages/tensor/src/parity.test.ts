import { describe, expect, test } from 'vitest';
import {
  arrayForwards,
  closeness,
  loadOpCases,
  type FixtureArray,
  type OpCase,
  type Precision,
} from '../../../fixtures/parity.js';
import { NDArray, tensor } from './index.js';

const FORWARD = arrayForwards<NDArray>();

function toNDArray(spec: FixtureArray, precision: Precision): NDArray {
  const dtype = spec.dtype === 'int64' ? 'int32' : precision;
  return tensor(spec.data, { dtype }).reshape(spec.shape);
}

const cases = loadOpCases();
const covered = cases.filter((c) => c.op in FORWARD);

describe('forward parity with PyTorch (op-parity.json)', () => {
  test('covers every op the tensor package has', () => {
    const nnOnly = new Set([
      'mse_loss',
      'l1_loss',
      'linear',
      'softmax',
      'log_softmax',
      'cross_entropy',
      'binary_cross_entropy_with_logits',
    ]);
    const missing = cases.filter((c) => !(c.op in FORWARD) && !nnOnly.has(c.op)).map((c) => c.id);
    expect(missing).toEqual([]);
    expect(covered.length).toBeGreaterThan(50);
  });

  for (const precision of ['float64', 'float32'] as const) {
    test.each(covered.map((c) => [c.id, c] as [string, OpCase]))(`%s (${precision})`, (_id, c) => {
      const out = FORWARD[c.op]!(
        c.inputs.map((x) => toNDArray(x, precision)),
        c.kwargs,
      );
      expect(out.shape).toEqual(c.output.shape);
      expect(out.dtype).toBe(precision);
      expect(closeness(out.toTypedArray(), c.output.data, precision)).toBeNull();
    });
  }
});
