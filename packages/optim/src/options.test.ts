import { ValueError } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { Adam, AdamW, CosineAnnealingLR, SGD, StepLR } from './index.js';
import { leaves } from './testing.test-util.js';

const params = () => leaves([[1, 2]], [[2]]);

function error(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('invalid options raise ValueError with PyTorch 1.13 messages', () => {
  test.each([
    [{ lr: -1 }, 'Invalid learning rate: -1'],
    [{ lr: Number.NaN }, 'Invalid learning rate: NaN'],
    [{ lr: 0.1, momentum: -0.5 }, 'Invalid momentum value: -0.5'],
    [{ lr: 0.1, weightDecay: -1 }, 'Invalid weight_decay value: -1'],
    [{ lr: 0.1, nesterov: true }, 'Nesterov momentum requires a momentum and zero dampening'],
    [
      { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true },
      'Nesterov momentum requires a momentum and zero dampening',
    ],
  ])('SGD %j', (options, message) => {
    const e = error(() => new SGD(params(), options));
    expect(e).toBeInstanceOf(ValueError);
    expect((e as Error).message).toBe(message);
  });

  for (const [name, Kind] of [
    ['Adam', Adam],
    ['AdamW', AdamW],
  ] as const) {
    test.each([
      [{ lr: -0.001 }, 'Invalid learning rate: -0.001'],
      [{ eps: -1e-8 }, 'Invalid epsilon value: -1e-8'],
      [{ betas: [1, 0.999] as const }, 'Invalid beta parameter at index 0: 1'],
      [{ betas: [0.9, -0.1] as const }, 'Invalid beta parameter at index 1: -0.1'],
      [{ weightDecay: -0.01 }, 'Invalid weight_decay value: -0.01'],
    ])(`${name} %j`, (options, message) => {
      const e = error(() => new Kind(params(), options));
      expect(e).toBeInstanceOf(ValueError);
      expect((e as Error).message).toBe(message);
    });
  }

  test('valid edge values are accepted', () => {
    expect(() => new SGD(params(), { lr: 0, momentum: 0.9, dampening: 0, nesterov: true })).not.toThrow();
    expect(() => new Adam(params(), { lr: 0, eps: 0, betas: [0, 0], weightDecay: 0 })).not.toThrow();
  });

  test('per-group options are validated too (PyTorch checks only the defaults)', () => {
    expect(() => new SGD([{ params: params(), lr: -1 }], { lr: 0.1 })).toThrow('Invalid learning rate: -1');
    expect(() => new Adam([{ params: params(), betas: [0.9, 1] }])).toThrow('Invalid beta parameter at index 1: 1');
    const optimizer = new SGD(params(), { lr: 0.1 });
    expect(() => optimizer.addParamGroup({ params: params(), nesterov: true })).toThrow(
      'Nesterov momentum requires a momentum and zero dampening',
    );
  });

  test("PyTorch's snake_case names and typos are rejected instead of being ignored", () => {
    expect(() => new SGD(params(), { lr: 0.1, weight_decay: 0.1 } as never)).toThrow(
      "SGD: unknown option 'weight_decay' (torchlet spells it 'weightDecay'); its options are lr, momentum, dampening, weightDecay, nesterov, maximize",
    );
    expect(() => new AdamW(params(), { lr: 0.1, beta: [0.9, 0.99] } as never)).toThrow("AdamW: unknown option 'beta'");
  });

  test('defaults match PyTorch', () => {
    expect(new SGD(params(), { lr: 0.1 }).defaults).toEqual({
      lr: 0.1,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
    });
    const adam = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };
    expect(new Adam(params()).defaults).toEqual(adam);
    expect(new AdamW(params()).defaults).toEqual({ ...adam, weightDecay: 1e-2 });
  });
});

describe('bad arguments are named errors, not crashes deep inside', () => {
  const optimizer = () => new SGD(params(), { lr: 0.1 });
  test.each([
    [() => new SGD(params(), null as never), TypeError, 'SGD: options must be an object such as { lr: 0.1 }, got null'],
    [() => new Adam(params(), null as never), TypeError, 'Adam: options must be an object'],
    [
      () => new SGD(null as never, { lr: 0.1 }),
      TypeError,
      'params argument given to the optimizer should be an iterable of Tensors or param groups, but got null',
    ],
    [() => new SGD(5 as never, { lr: 0.1 }), TypeError, 'but got number'],
    [
      () => new SGD(params(), { lr: 0.1, momentum: 0.9, nesterov: 1 as never }),
      ValueError,
      'Invalid nesterov value: 1 (expected true or false)',
    ],
    [() => new SGD(params(), { lr: 0.1, maximize: 'no' as never }), ValueError, 'Invalid maximize value: no'],
    [() => new Adam(params(), { amsgrad: 'x' as never }), ValueError, 'Invalid amsgrad value: x'],
    [() => new Adam(params(), { betas: 0.9 as never }), ValueError, 'Invalid betas: expected two numbers, got 0.9'],
    [() => new AdamW(params(), { betas: [0.9] as never }), ValueError, 'Invalid betas: expected two numbers, got 0.9'],
    [() => optimizer().step('x' as never), TypeError, 'SGD.step: the closure must be a function, got string'],
    [() => optimizer().zeroGrad(null as never), TypeError, 'zeroGrad: options must be an object'],
    [
      () => optimizer().zeroGrad({ setToNone: 'no' as never }),
      ValueError,
      'zeroGrad: setToNone must be a boolean, got no',
    ],
    [
      () => optimizer().addParamGroup({ params: 5 as never }),
      TypeError,
      "param group 'params' must be a Tensor or an iterable of Tensors, got number",
    ],
    [
      () => new StepLR(optimizer(), null as never),
      TypeError,
      'StepLR: options must be an object such as { stepSize: 30 }, got null',
    ],
    [
      () => new CosineAnnealingLR(optimizer(), null as never),
      TypeError,
      'CosineAnnealingLR: options must be an object',
    ],
    [
      () => new StepLR(optimizer(), { stepSize: 1 }).loadStateDict({ base_lrs: [Number.NaN] }),
      ValueError,
      'loadStateDict: base_lrs must be an array of finite numbers, got NaN',
    ],
  ] as const)('%#', (run, type, message) => {
    expect(run).toThrow(type);
    expect(run).toThrow(message);
  });
});
