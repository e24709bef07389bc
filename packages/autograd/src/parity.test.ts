import { describe, expect, test } from 'vitest';
import { expectParity } from './parity.test-util.js';
import { arrayForwards, loadExtraOpCases, loadOpCases, type Forward, type OpCase } from '../../../fixtures/parity.js';
import { col2im, im2col, pad, sub, type PadMode, type Tensor } from './index.js';

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

/** The window, indexing and statistics ops of op-cases.json. */
const num = (kw: Record<string, unknown>, key: string) => kw[key] as number;
const pair = (kw: Record<string, unknown>, key: string) => kw[key] as [number, number];
const windowParams = (kw: Record<string, unknown>) => ({
  kernelSize: pair(kw, 'kernelSize'),
  dilation: pair(kw, 'dilation'),
  padding: pair(kw, 'padding'),
  stride: pair(kw, 'stride'),
});
const EXTRA: Record<string, Forward<Tensor>> = {
  var: ([a], kw) =>
    a!.var(kw['dim'] as number | number[] | undefined, {
      correction: (kw['correction'] as number | undefined) ?? 1,
      keepdim: kw['keepdim'] === true,
    }),
  std: ([a], kw) =>
    a!.std((kw['dim'] as number | null | undefined) ?? undefined, {
      correction: (kw['correction'] as number | undefined) ?? 1,
    }),
  gather: ([a, i], kw) => a!.gather(num(kw, 'dim'), i!),
  scatter_add: ([a, i, s], kw) => a!.scatterAdd(num(kw, 'dim'), i!, s!),
  flip: ([a], kw) => a!.flip(kw['dims'] as number[]),
  unfold: ([a], kw) => a!.unfold(num(kw, 'dimension'), num(kw, 'size'), num(kw, 'step')),
  pad: ([a], kw) => pad(a!, kw['pad'] as number[], kw['mode'] as PadMode, (kw['value'] as number | undefined) ?? 0),
  unfold2d: ([a], kw) => im2col(a!, windowParams(kw)),
  fold: ([a], kw) => col2im(a!, pair(kw, 'outputSize'), windowParams(kw)),
  sin: ([a]) => a!.sin(),
  cos: ([a]) => a!.cos(),
  chunk: ([a], kw) => a!.chunk(num(kw, 'chunks'), num(kw, 'dim'))[num(kw, 'part')]!,
  split: ([a], kw) => a!.split(kw['sections'] as number[], num(kw, 'dim'))[num(kw, 'part')]!,
};

describe('window, indexing and statistics ops: parity with PyTorch (op-cases.json)', () => {
  const extra = loadExtraOpCases();
  test('every case has a forward here', () => {
    expect(extra.filter((c) => !(c.op in EXTRA)).map((c) => c.id)).toEqual([]);
  });
  for (const precision of ['float64', 'float32'] as const) {
    test.each(extra.map((c) => [c.id, c] as [string, OpCase]))(`%s (${precision})`, (_id, c) => {
      expectParity(c, EXTRA[c.op]!, precision);
    });
  }
});

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
