import { tensor, zeros, type Tensor } from '@torchlet/autograd';
import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { closeness, type FixtureArray } from '../../../fixtures/parity.js';
import { BCEWithLogitsLoss, CrossEntropyLoss, functional as F, L1Loss, MSELoss } from './index.js';

interface Case {
  id: string;
  kwargs: { reduction: 'mean' | 'sum' | 'none' };
  inputs: FixtureArray[];
  output: FixtureArray;
  gradOutput: FixtureArray;
  grads: (FixtureArray | null)[];
}
const fixtures = JSON.parse(readFileSync(new URL('./nn.fixtures.json', import.meta.url), 'utf8')) as { cases: Case[] };

const toTensor = (spec: FixtureArray, grad = false) =>
  tensor(spec.data, { dtype: spec.dtype === 'int64' ? 'int32' : 'float64' })
    .reshape(spec.shape)
    .detach()
    .requiresGrad_(grad && spec.dtype !== 'int64');

const FORWARD: Record<string, (xs: Tensor[], reduction: Case['kwargs']['reduction']) => Tensor> = {
  'ce/weight-ignore': ([x, y, w], reduction) => F.crossEntropy(x!, y!, { weight: w!, ignoreIndex: -100, reduction }),
  'ce/probs': ([x, p], reduction) => F.crossEntropy(x!, p!, { reduction }),
  'ce/1d': ([x, y]) => F.crossEntropy(x!, y!),
  'bce/posweight-weight': ([z, t, pw, w], reduction) =>
    F.binaryCrossEntropyWithLogits(z!, t!, { posWeight: pw!, weight: w!, reduction }),
};

describe('loss options against PyTorch (generated with torch 1.13)', () => {
  test.each(fixtures.cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const inputs = c.inputs.map((x, i) => toTensor(x, c.grads[i] !== null));
    const forward = FORWARD[id.split('/').slice(0, 2).join('/')] ?? FORWARD[id]!;
    const out = forward(inputs, c.kwargs.reduction);
    expect(out.shape).toEqual(c.output.shape);
    expect(closeness(out.toTypedArray(), c.output.data, 'float64')).toBeNull();
    out.backward(toTensor(c.gradOutput));
    expect(closeness(inputs[0]!.grad!.toTypedArray(), c.grads[0]!.data, 'float64')).toBeNull();
  });
});

describe('loss modules', () => {
  test('MSELoss warns once, like PyTorch, when shapes differ and would broadcast', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const loss = new MSELoss();
    loss.forward(tensor([[1], [2]]), tensor([1, 2]));
    loss.forward(tensor([[1], [2]]), tensor([1, 2]));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(
      /Using a target size \(\[2\]\) that is different to the input size \(\[2, 1\]\)/,
    );
    warn.mockRestore();
  });

  test('reductions', () => {
    const a = tensor([1, 2, 4]);
    const b = tensor([0, 0, 0]);
    expect(new MSELoss().forward(a, b).item()).toBeCloseTo(7);
    expect(new MSELoss({ reduction: 'sum' }).forward(a, b).item()).toBe(21);
    expect(new L1Loss({ reduction: 'none' }).forward(a, b).toArray()).toEqual([1, 2, 4]);
    expect(() => new L1Loss({ reduction: 'avg' as 'mean' })).toThrow(
      "avg is not a valid value for reduction; expected 'mean', 'sum' or 'none'",
    );
  });

  test('CrossEntropyLoss and BCEWithLogitsLoss are stable for huge logits', () => {
    const ce = new CrossEntropyLoss().forward(tensor([[1000, 0, -1000]]), tensor([0], { dtype: 'int32' }));
    expect(ce.item()).toBe(0);
    const bce = new BCEWithLogitsLoss().forward(tensor([1000, -1000]), tensor([0, 1]));
    expect(bce.item()).toBe(1000);
  });

  test('CrossEntropyLoss checks its targets', () => {
    expect(() => new CrossEntropyLoss().forward(tensor([[1, 2]]), tensor([2], { dtype: 'int32' }))).toThrow(
      'crossEntropy: target 2 is out of bounds for 2 classes',
    );
    expect(() => new CrossEntropyLoss().forward(tensor([[1, 2]]), tensor([0, 1], { dtype: 'int32' }))).toThrow(
      /expected target of shape \[1\]/,
    );
    // Float labels where class indices were meant: the message says how to make them integers.
    expect(() => new CrossEntropyLoss().forward(zeros([4, 10]), tensor([1, 2, 3, 4]))).toThrow(
      "crossEntropy: probability targets must have the input's shape [4, 10], got [4] (float32). " +
        "Class indices must be an integer tensor: tensor([...], { dtype: 'int32' }), or .int()",
    );
  });
});
