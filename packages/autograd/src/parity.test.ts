import { describe, expect, test } from 'vitest';
import { closeness, loadOpCases, type FixtureArray, type OpCase, type Precision } from '../../../fixtures/parity.js';
import { sub, tensor, type Tensor } from './index.js';

type Forward = (inputs: Tensor[], kwargs: Record<string, unknown>) => Tensor;

const num = (kwargs: Record<string, unknown>, key: string) => kwargs[key] as number;
const binaryOrScalar =
  (op: 'add' | 'sub' | 'mul' | 'div'): Forward =>
  ([a, b], kw) =>
    b === undefined ? a![op](num(kw, 'other')) : a![op](b);

/** PyTorch's op names → the same computation on autograd Tensors. */
const FORWARD: Record<string, Forward> = {
  add: binaryOrScalar('add'),
  sub: binaryOrScalar('sub'),
  mul: binaryOrScalar('mul'),
  div: binaryOrScalar('div'),
  rsub: ([a], kw) => sub(num(kw, 'other'), a!),
  pow: ([a], kw) => a!.pow(num(kw, 'exponent')),
  neg: ([a]) => a!.neg(),
  exp: ([a]) => a!.exp(),
  log: ([a]) => a!.log(),
  sqrt: ([a]) => a!.sqrt(),
  abs: ([a]) => a!.abs(),
  relu: ([a]) => a!.relu(),
  sigmoid: ([a]) => a!.sigmoid(),
  tanh: ([a]) => a!.tanh(),
  matmul: ([a, b]) => a!.matmul(b!),
  sum: ([a], kw) => a!.sum(kw['dim'] as number | undefined, kw['keepdim'] === true),
  mean: ([a], kw) => a!.mean(kw['dim'] as number | undefined, kw['keepdim'] === true),
  max: ([a], kw) => a!.max(num(kw, 'dim')).values,
  reshape: ([a], kw) => a!.reshape(kw['shape'] as number[]),
  transpose: ([a], kw) => a!.transpose(num(kw, 'dim0'), num(kw, 'dim1')),
  permute: ([a], kw) => a!.permute(kw['dims'] as number[]),
  index_select: ([a], kw) => a!.indexSelect(num(kw, 'dim'), kw['index'] as number[]),
  softmax: ([a], kw) => a!.softmax(num(kw, 'dim')),
  log_softmax: ([a], kw) => a!.logSoftmax(num(kw, 'dim')),
  linreg: ([x, w, b]) => x!.matmul(w!).add(b!),
  squared_loss: ([yHat, y]) => yHat!.sub(y!.reshape(yHat!.shape)).pow(2).div(2),
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
