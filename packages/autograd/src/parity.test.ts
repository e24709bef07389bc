import { describe, expect, test } from 'vitest';
import { expectParity } from './parity.test-util.js';
import { arrayForwards, loadOpCases, type Forward, type OpCase } from '../../../fixtures/parity.js';
import { sub, type Tensor } from './index.js';

/** PyTorch's op names → the same computation on autograd Tensors (softmax is autograd's own). */
const FORWARD: Record<string, Forward<Tensor>> = {
  ...arrayForwards<Tensor>(),
  rsub: ([a], kw) => sub(kw['other'] as number, a!), // the function form, as `4.2 - b` is written
  softmax: ([a], kw) => a!.softmax(kw['dim'] as number),
  log_softmax: ([a], kw) => a!.logSoftmax(kw['dim'] as number),
};

// These are nn's (losses, linear) and are checked through @torchlet/nn.
const NN_OPS = new Set(['mse_loss', 'l1_loss', 'linear', 'cross_entropy', 'binary_cross_entropy_with_logits']);

const cases = loadOpCases();
const covered = cases.filter((c) => c.op in FORWARD);

describe('forward and backward parity with PyTorch (op-parity.json)', () => {
  test('covers every op but the nn ones', () => {
    expect(cases.filter((c) => !(c.op in FORWARD) && !NN_OPS.has(c.op)).map((c) => c.id)).toEqual([]);
  });

  for (const precision of ['float64', 'float32'] as const) {
    test.each(covered.map((c) => [c.id, c] as [string, OpCase]))(`%s (${precision})`, (_id, c) => {
      expectParity(c, FORWARD[c.op]!, precision);
    });
  }
});
