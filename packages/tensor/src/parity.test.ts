import { describe, expect, test } from 'vitest';
import { closeness, loadOpCases, type FixtureArray, type OpCase, type Precision } from '../../../fixtures/parity.js';
import { NDArray, tensor } from './index.js';

type Forward = (inputs: NDArray[], kwargs: Record<string, unknown>) => NDArray;

const num = (kwargs: Record<string, unknown>, key: string) => kwargs[key] as number;
const binaryOrScalar =
  (op: 'add' | 'sub' | 'mul' | 'div'): Forward =>
  ([a, b], kw) =>
    b === undefined ? a![op](num(kw, 'other')) : a![op](b);

/** PyTorch's op names → the same computation on NDArray. */
const FORWARD: Record<string, Forward> = {
  add: binaryOrScalar('add'),
  sub: binaryOrScalar('sub'),
  mul: binaryOrScalar('mul'),
  div: binaryOrScalar('div'),
  rsub: ([a], kw) => a!.rsub(num(kw, 'other')),
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
  linreg: ([x, w, b]) => x!.matmul(w!).add(b!),
  squared_loss: ([yHat, y]) => yHat!.sub(y!.reshape(yHat!.shape)).pow(2).div(2),
};

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
