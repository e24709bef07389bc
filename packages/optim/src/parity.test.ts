import { tensor, type Tensor } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { closeness, loadOptimCases, type OptimCase } from '../../../fixtures/parity.js';
import { Adam, AdamW, SGD, type Optimizer } from './index.js';
import { torchletOptions } from './testing.test-util.js';

const OPTIMIZERS: Record<string, (params: Tensor[], options: Record<string, unknown>) => Optimizer<object, object>> = {
  SGD: (params, options) => new SGD(params, options as { lr: number }),
  Adam: (params, options) => new Adam(params, options),
  AdamW: (params, options) => new AdamW(params, options),
};

const cases = loadOptimCases();

describe('optimizer trajectories match PyTorch 1.13 in float64 (optim-parity.json)', () => {
  test('every case is of an optimizer this test builds', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => !(c.optimizer in OPTIMIZERS))).toEqual([]);
  });

  test.each(cases.map((c) => [`${c.optimizer} ${JSON.stringify(c.options)}`, c] as [string, OptimCase]))(
    '%s',
    (_name, c) => {
      const params = c.initial.map((values, i) => tensor(values, { dtype: 'float64' }).reshape(c.shapes[i]!));
      for (const p of params) p.requiresGrad_();
      const optimizer = OPTIMIZERS[c.optimizer]!(params, torchletOptions(c.options));
      c.steps.forEach((step, s) => {
        params.forEach((p, i) => {
          p.grad = tensor(step.grads[i]!, { dtype: 'float64' }).reshape(c.shapes[i]!);
        });
        optimizer.step();
        params.forEach((p, i) => {
          const problem = closeness(p.toTypedArray(), step.params[i]!, 'float64');
          expect(problem, `step ${s + 1}, parameter ${i}`).toBeNull();
        });
      });
    },
  );
});
