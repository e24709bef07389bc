import { describe, expect, test } from 'vitest';
import {
  arrayForwards,
  closeness,
  loadOpCases,
  type FixtureArray,
  type Forward,
  type OpCase,
  type Precision,
} from '../../../fixtures/parity.js';
import { sub, tensor, type Tensor } from './index.js';

/** PyTorch's op names → the same computation on autograd Tensors (softmax is autograd's own). */
const FORWARD: Record<string, Forward<Tensor>> = {
  ...arrayForwards<Tensor>(),
  rsub: ([a], kw) => sub(kw['other'] as number, a!), // the function form, as `4.2 - b` is written
  softmax: ([a], kw) => a!.softmax(kw['dim'] as number),
  log_softmax: ([a], kw) => a!.logSoftmax(kw['dim'] as number),
};

// These are nn's (losses, linear) and are checked through @torchlet/nn.
const NN_OPS = new Set(['mse_loss', 'l1_loss', 'linear', 'cross_entropy', 'binary_cross_entropy_with_logits']);

function toTensor(spec: FixtureArray, precision: Precision, requiresGrad: boolean): Tensor {
  const dtype = spec.dtype === 'int64' ? 'int32' : precision;
  return tensor(spec.data, { dtype })
    .reshape(spec.shape)
    .detach()
    .requiresGrad_(requiresGrad && dtype !== 'int32');
}

const cases = loadOpCases();
const covered = cases.filter((c) => c.op in FORWARD);

describe('forward and backward parity with PyTorch (op-parity.json)', () => {
  test('covers every op but the nn ones', () => {
    expect(cases.filter((c) => !(c.op in FORWARD) && !NN_OPS.has(c.op)).map((c) => c.id)).toEqual([]);
  });

  for (const precision of ['float64', 'float32'] as const) {
    test.each(covered.map((c) => [c.id, c] as [string, OpCase]))(`%s (${precision})`, (_id, c) => {
      const inputs = c.inputs.map((x, i) => toTensor(x, precision, c.grads[i] !== null));
      const out = FORWARD[c.op]!(inputs, c.kwargs);
      expect(out.shape).toEqual(c.output.shape);
      expect(closeness(out.toTypedArray(), c.output.data, precision)).toBeNull();
      out.backward(toTensor(c.gradOutput, precision, false));
      c.grads.forEach((expected, i) => {
        if (expected === null) return;
        const g = inputs[i]!.grad;
        expect(g, `grad of input ${i}`).not.toBeNull();
        expect(g!.shape).toEqual(expected.shape);
        expect(g!.dtype).toBe(precision);
        expect(closeness(g!.toTypedArray(), expected.data, precision), `grad of input ${i}`).toBeNull();
      });
    });
  }
});
