import type { Tensor } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { expectParity } from '../../autograd/src/parity.test-util.js';
import { loadLossCases, loadOpCases, type Forward, type OpCase } from '../../../fixtures/parity.js';
import { functional as F } from './index.js';

type Reduction = 'mean' | 'sum' | 'none';

const reduction = (kw: Record<string, unknown>) => ({
  reduction: (kw['reduction'] as Reduction | undefined) ?? 'mean',
});

/** The nn-level ops of op-parity.json, through @torchlet/nn's functional API. */
const FORWARD: Record<string, Forward<Tensor>> = {
  linear: ([x, w, b]) => F.linear(x!, w!, b!),
  mse_loss: ([a, b], kw) => F.mseLoss(a!, b!, reduction(kw)),
  l1_loss: ([a, b], kw) => F.l1Loss(a!, b!, reduction(kw)),
  softmax: ([a], kw) => F.softmax(a!, kw['dim'] as number),
  log_softmax: ([a], kw) => F.logSoftmax(a!, kw['dim'] as number),
  cross_entropy: ([a, b, w], kw) =>
    F.crossEntropy(a!, b!, {
      ...reduction(kw),
      ...(w === undefined ? {} : { weight: w }),
      ...(kw['label_smoothing'] === undefined ? {} : { labelSmoothing: kw['label_smoothing'] as number }),
      ...(kw['ignore_index'] === undefined ? {} : { ignoreIndex: kw['ignore_index'] as number }),
    }),
  nll_loss: ([a, b, w], kw) =>
    F.nllLoss(a!, b!, {
      ...reduction(kw),
      ...(w === undefined ? {} : { weight: w }),
      ...(kw['ignore_index'] === undefined ? {} : { ignoreIndex: kw['ignore_index'] as number }),
    }),
  binary_cross_entropy_with_logits: ([a, b], kw) => F.binaryCrossEntropyWithLogits(a!, b!, reduction(kw)),
};

const cases = loadOpCases().filter((c) => c.op in FORWARD);
const lossCases = loadLossCases();

describe('nn parity with PyTorch (op-parity.json)', () => {
  test('every nn op of the fixtures is covered', () => {
    expect(new Set([...cases, ...lossCases].map((c) => c.op))).toEqual(new Set(Object.keys(FORWARD)));
  });

  for (const precision of ['float64', 'float32'] as const) {
    test.each([...cases, ...lossCases].map((c) => [c.id, c] as [string, OpCase]))(`%s (${precision})`, (_id, c) => {
      expectParity(c, FORWARD[c.op]!, precision);
    });
  }
});
