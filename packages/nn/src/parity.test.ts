import { tensor, type Tensor } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { closeness, loadOpCases, type FixtureArray, type OpCase, type Precision } from '../../../fixtures/parity.js';
import { functional as F } from './index.js';

type Forward = (inputs: Tensor[], kwargs: Record<string, unknown>) => Tensor;
type Reduction = 'mean' | 'sum' | 'none';

const reduction = (kw: Record<string, unknown>) => ({
  reduction: (kw['reduction'] as Reduction | undefined) ?? 'mean',
});

/** The nn-level ops of op-parity.json, through @torchlet/nn's functional API. */
const FORWARD: Record<string, Forward> = {
  linear: ([x, w, b]) => F.linear(x!, w!, b!),
  mse_loss: ([a, b], kw) => F.mseLoss(a!, b!, reduction(kw)),
  l1_loss: ([a, b], kw) => F.l1Loss(a!, b!, reduction(kw)),
  softmax: ([a], kw) => F.softmax(a!, kw['dim'] as number),
  log_softmax: ([a], kw) => F.logSoftmax(a!, kw['dim'] as number),
  cross_entropy: ([a, b], kw) => F.crossEntropy(a!, b!, reduction(kw)),
  binary_cross_entropy_with_logits: ([a, b], kw) => F.binaryCrossEntropyWithLogits(a!, b!, reduction(kw)),
};

function toTensor(spec: FixtureArray, precision: Precision, requiresGrad: boolean): Tensor {
  const dtype = spec.dtype === 'int64' ? 'int32' : precision;
  return tensor(spec.data, { dtype })
    .reshape(spec.shape)
    .detach()
    .requiresGrad_(requiresGrad && dtype !== 'int32');
}

const cases = loadOpCases().filter((c) => c.op in FORWARD);

describe('nn parity with PyTorch (op-parity.json)', () => {
  test('every nn op of the fixtures is covered', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(FORWARD)));
  });

  for (const precision of ['float64', 'float32'] as const) {
    test.each(cases.map((c) => [c.id, c] as [string, OpCase]))(`%s (${precision})`, (_id, c) => {
      const inputs = c.inputs.map((x, i) => toTensor(x, precision, c.grads[i] !== null));
      const out = FORWARD[c.op]!(inputs, c.kwargs);
      expect(out.shape).toEqual(c.output.shape);
      expect(closeness(out.toTypedArray(), c.output.data, precision)).toBeNull();
      out.backward(toTensor(c.gradOutput, precision, false));
      c.grads.forEach((expected, i) => {
        if (expected === null) return;
        const g = inputs[i]!.grad!;
        expect(g.shape).toEqual(expected.shape);
        expect(closeness(g.toTypedArray(), expected.data, precision), `grad of input ${i}`).toBeNull();
      });
    });
  }
});
