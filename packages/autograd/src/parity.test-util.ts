import { expect } from 'vitest';
import { closeness, type FixtureArray, type Forward, type OpCase, type Precision } from '../../../fixtures/parity.js';
import { tensor, type Tensor } from './index.js';

/** A fixture tensor as a leaf (int64 class targets become int32 and never require grad). */
export function toTensor(spec: FixtureArray, precision: Precision, requiresGrad: boolean): Tensor {
  const dtype = spec.dtype === 'int64' ? 'int32' : precision;
  return tensor(spec.data, { dtype })
    .reshape(spec.shape)
    .detach()
    .requiresGrad_(requiresGrad && dtype !== 'int32');
}

/**
 * Runs one op-parity case forward and backward (with the fixture's upstream gradient) and checks
 * the output and every input's gradient against PyTorch's. Shared by autograd's and nn's suites.
 */
export function expectParity(c: OpCase, forward: Forward<Tensor>, precision: Precision): void {
  const inputs = c.inputs.map((x, i) => toTensor(x, precision, c.grads[i] !== null));
  const out = forward(inputs, c.kwargs);
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
}
