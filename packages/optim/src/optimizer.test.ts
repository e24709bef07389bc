import {
  AutogradError,
  DTypeError,
  isGradEnabled,
  noGrad,
  ShapeError,
  Tensor,
  tensor,
  ValueError,
  zeros,
} from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { Adam, AdamW, SGD, type Optimizer } from './index.js';
import { leaves, setGrads, snapshot } from './testing.test-util.js';

const twoParams = () =>
  leaves(
    [
      [1, 2, 3, 4],
      [0.5, -0.5],
    ],
    [[2, 2], [2]],
  );

describe('Optimizer: parameters and param groups', () => {
  test('takes an array or any iterable of tensors as one group with the defaults', () => {
    const params = twoParams();
    function* generate() {
      yield* params;
    }
    for (const input of [params, generate(), new Set(params)]) {
      const optimizer = new SGD(input, { lr: 0.1 });
      expect(optimizer.paramGroups).toHaveLength(1);
      expect(optimizer.paramGroups[0]!.params).toEqual(params);
      expect(optimizer.paramGroups[0]).toMatchObject({
        lr: 0.1,
        momentum: 0,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        maximize: false,
      });
    }
  });

  test('param groups override the defaults per group; each group steps with its own lr', () => {
    const [a, b] = twoParams();
    const optimizer = new SGD([{ params: [a!] }, { params: b!, lr: 0.01, momentum: 0.5 }], { lr: 0.1 });
    expect(optimizer.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.1, 0],
      [0.01, 0.5],
    ]);
    setGrads(
      [a!, b!],
      [
        [1, 1, 1, 1],
        [1, 1],
      ],
    );
    optimizer.step();
    expect(snapshot([a!, b!])).toEqual([
      [1 - 0.1, 2 - 0.1, 3 - 0.1, 4 - 0.1],
      [0.5 - 0.01, -0.5 - 0.01],
    ]);
    expect(optimizer.state.get(a!)).toEqual({ momentumBuffer: null });
    expect(optimizer.state.get(b!)!.momentumBuffer!.toArray()).toEqual([1, 1]);
  });

  test('changing a group option between steps takes effect on the next step', () => {
    const [p] = leaves([[1]], [[1]]);
    const optimizer = new SGD([p!], { lr: 0.5 });
    setGrads([p!], [[1]]);
    optimizer.step();
    optimizer.paramGroups[0]!.lr = 0.25;
    optimizer.step();
    expect(p!.item()).toBe(1 - 0.5 - 0.25);
  });

  test('addParamGroup adds a group with the defaults; it is stepped from then on', () => {
    const [a, b] = twoParams();
    const optimizer = new Adam([a!], { lr: 0.01, betas: [0.8, 0.9] });
    optimizer.addParamGroup({ params: [b!], lr: 0.1 });
    expect(optimizer.paramGroups[1]).toMatchObject({ lr: 0.1, betas: [0.8, 0.9], eps: 1e-8, weightDecay: 0 });
    setGrads(
      [a!, b!],
      [
        [1, 1, 1, 1],
        [1, -1],
      ],
    );
    optimizer.step();
    // Adam's first step moves every coordinate by lr·sign(grad) (up to eps).
    expect(b!.toArray()).toEqual([expect.closeTo(0.5 - 0.1, 6), expect.closeTo(-0.5 + 0.1, 6)]);
    expect(optimizer.state.get(b!)!.step).toBe(1);
  });

  test('a parameter in two groups, twice in one group, or a snake_case option is an error', () => {
    const [a, b] = twoParams();
    const optimizer = new SGD([a!], { lr: 0.1 });
    expect(() => optimizer.addParamGroup({ params: [b!, a!] })).toThrow(
      new ValueError('some parameters appear in more than one parameter group'),
    );
    expect(() => optimizer.addParamGroup({ params: [b!, b!] })).toThrow(
      'optimizer contains a parameter group with duplicate parameters',
    );
    expect(() => optimizer.addParamGroup({ params: [b!], weight_decay: 0.1 } as never)).toThrow(
      "param group option 'weight_decay' is spelled 'weightDecay' in torchlet",
    );
    expect(optimizer.paramGroups).toHaveLength(1);
  });

  test('rejects what PyTorch rejects, with its messages', () => {
    const [a] = twoParams();
    expect(() => new SGD([], { lr: 0.1 })).toThrow(new ValueError('optimizer got an empty parameter list'));
    expect(() => new SGD(a! as never, { lr: 0.1 })).toThrow(TypeError);
    expect(() => new SGD([a!, 3] as never, { lr: 0.1 })).toThrow(
      'optimizer can only optimize Tensors, but one of the params is number',
    );
    expect(() => new SGD([{ params: [a!] }, a!] as never, { lr: 0.1 })).toThrow('param group must be an object');
    expect(() => new SGD([a!.mul(2)], { lr: 0.1 })).toThrow(new ValueError("can't optimize a non-leaf Tensor"));
    expect(() => new SGD([zeros([2], { dtype: 'int32' })], { lr: 0.1 })).toThrow(DTypeError);
    expect(() => new SGD([{ params: [a!] }])).toThrow(
      new ValueError("parameter group didn't specify a value of required optimization parameter lr"),
    );
  });

  test('SGD needs no default lr when every group has one; a non-leaf that retains its grad may be optimized', () => {
    const [a] = twoParams();
    const optimizer = new SGD([{ params: [a!], lr: 0.3 }]);
    expect(optimizer.paramGroups[0]!.lr).toBe(0.3);
    const retained = a!.mul(2).retainGrad();
    expect(() => new SGD([retained], { lr: 0.1 })).not.toThrow();
  });

  test('toString lists each group like PyTorch', () => {
    const [a, b] = twoParams();
    const optimizer = new AdamW([{ params: [a!] }, { params: [b!], lr: 0.1 }]);
    expect(optimizer.toString()).toBe(
      [
        'AdamW (',
        'Parameter Group 0',
        '    amsgrad: False',
        '    betas: (0.9, 0.999)',
        '    eps: 1e-8',
        '    lr: 0.001',
        '    maximize: False',
        '    weightDecay: 0.01',
        'Parameter Group 1',
        '    amsgrad: False',
        '    betas: (0.9, 0.999)',
        '    eps: 1e-8',
        '    lr: 0.1',
        '    maximize: False',
        '    weightDecay: 0.01',
        ')',
      ].join('\n'),
    );
  });
});

/** Every parameter's bytes and the optimizer's whole state, to compare before and after. */
function everything(params: readonly Tensor[], optimizer: Optimizer<object, object>): unknown {
  const bytes = (t: Tensor) => [...new Uint8Array(t.toTypedArray().buffer.slice(0))];
  const state = [...optimizer.state].map(([param, entry]) => [
    params.indexOf(param),
    Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, v instanceof Tensor ? [bytes(v), v.version] : v])),
  ]);
  return {
    params: params.map((p) => [bytes(p), p.version]),
    state,
    groups: JSON.stringify(optimizer.paramGroups, (key, value: unknown) => (key === 'params' ? undefined : value)),
  };
}

/** Writes a gradient past the `.grad` setter's checks (its backing field). */
function forceGrad(param: Tensor, value: unknown): void {
  (param as unknown as { gradient: unknown }).gradient = value;
}

describe('Optimizer: a failing step changes nothing', () => {
  const KINDS: [string, (params: Tensor[]) => Optimizer<object, object>][] = [
    [
      'SGD with momentum',
      (p) => new SGD([{ params: p.slice(0, 2) }, { params: p.slice(2), lr: 0.01 }], { lr: 0.1, momentum: 0.9 }),
    ],
    ['Adam', (p) => new Adam([{ params: p.slice(0, 2) }, { params: p.slice(2) }], { lr: 0.1 })],
    ['AdamW amsgrad', (p) => new AdamW([{ params: p.slice(0, 2) }, { params: p.slice(2) }], { amsgrad: true })],
  ];
  const params = () => leaves([[1, 2, 3, 4], [5, 6], [7]], [[2, 2], [2], [1]]);
  const goodGrads = [[0.5, -1, 2, 0.25], [1, -1], [3]];

  test.each(KINDS)('%s: a wrong-shaped gradient on the last parameter, on the first step and later', (_name, make) => {
    for (const stepsBefore of [0, 2]) {
      const ps = params();
      const optimizer = make(ps);
      for (let s = 0; s < stepsBefore; s++) {
        setGrads(ps, goodGrads);
        optimizer.step();
      }
      setGrads(ps, goodGrads);
      // Assigning .grad refuses this (autograd checks it, as PyTorch does); the optimizer checks
      // again for a gradient that got there around the setter.
      forceGrad(ps[2]!, tensor([1, 2], { dtype: 'float64' }));
      const before = everything(ps, optimizer);
      expect(() => optimizer.step()).toThrow(
        new ShapeError(
          `${optimizer.constructor.name}.step: parameter 0 of param group 1 has shape [1], but its gradient has shape [2]; they must match`,
        ),
      );
      expect(everything(ps, optimizer)).toEqual(before);
      expect(optimizer.state.size).toBe(stepsBefore === 0 ? 0 : 3);
    }
  });

  test.each(KINDS)('%s: a gradient that is not a tensor, or not floating point, changes nothing', (_name, make) => {
    const ps = params();
    const optimizer = make(ps);
    setGrads(ps, goodGrads);
    optimizer.step();
    for (const [bad, error] of [
      [
        3,
        new ValueError(
          `${optimizer.constructor.name}.step: parameter 0 of param group 1 has a grad that is not a Tensor (number); set it to a Tensor or null`,
        ),
      ],
      [
        tensor([1], { dtype: 'int32' }),
        new DTypeError(
          `${optimizer.constructor.name}.step: parameter 0 of param group 1 (float64) has a gradient of dtype int32; gradients must be floating point`,
        ),
      ],
    ] as const) {
      setGrads(ps, goodGrads);
      forceGrad(ps[2]!, bad);
      const before = everything(ps, optimizer);
      expect(() => optimizer.step()).toThrow(error);
      expect(everything(ps, optimizer)).toEqual(before);
    }
  });

  test.each(KINDS)(
    '%s: an option made invalid between steps (lr = NaN) is an error before any write',
    (_name, make) => {
      const ps = params();
      const optimizer = make(ps);
      setGrads(ps, goodGrads);
      optimizer.step();
      (optimizer.paramGroups[1] as unknown as { lr: number }).lr = Number.NaN;
      const before = everything(ps, optimizer);
      expect(() => optimizer.step()).toThrow(new ValueError('Invalid learning rate: NaN'));
      expect(everything(ps, optimizer)).toEqual(before);
      (optimizer.paramGroups[1] as unknown as { lr: number }).lr = 0.1;
      expect(() => optimizer.step()).not.toThrow();
    },
  );
});

describe('Optimizer: zeroGrad', () => {
  test('sets the gradients to null by default', () => {
    const params = twoParams();
    const optimizer = new SGD(params, { lr: 0.1 });
    params[0]!.sum().backward();
    expect(params[0]!.grad).not.toBeNull();
    optimizer.zeroGrad();
    expect(params.map((p) => p.grad)).toEqual([null, null]);
  });

  test('with setToNone false, zeroes the same gradient tensors in place', () => {
    const params = twoParams();
    const optimizer = new SGD(params, { lr: 0.1 });
    params[0]!.mul(3).sum().backward();
    const grad = params[0]!.grad!;
    expect(grad.toArray()).toEqual([
      [3, 3],
      [3, 3],
    ]);
    optimizer.zeroGrad({ setToNone: false });
    expect(params[0]!.grad).toBe(grad);
    expect(grad.toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(params[1]!.grad).toBeNull();
    // Gradients then accumulate from zero again.
    params[0]!.mul(2).sum().backward();
    expect(grad.toArray()).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  test('with setToNone false, detaches a gradient that has a graph (backward with createGraph)', () => {
    const [p] = leaves([[1, 2]], [[2]]);
    const optimizer = new SGD([p!], { lr: 0.1 });
    p!.pow(2).sum().backward(undefined, { createGraph: true });
    expect(p!.grad!.gradFn).not.toBeNull();
    optimizer.zeroGrad({ setToNone: false });
    expect(p!.grad!.gradFn).toBeNull();
    expect(p!.grad!.requiresGrad).toBe(false);
    expect(p!.grad!.toArray()).toEqual([0, 0]);
  });
});

describe('Optimizer: step', () => {
  test('runs the closure with grad mode on, even inside noGrad, and returns its loss', () => {
    const [p] = leaves([[3]], [[1]]);
    const optimizer = new SGD([p!], { lr: 0.1 });
    let modeInClosure: boolean | null = null;
    const loss = noGrad(() =>
      optimizer.step(() => {
        modeInClosure = isGradEnabled();
        optimizer.zeroGrad();
        const l = p!.pow(2).sum();
        l.backward();
        return l;
      }),
    );
    expect(modeInClosure).toBe(true);
    expect(loss!.item()).toBe(9);
    expect(p!.item()).toBeCloseTo(3 - 0.1 * 6, 15);
    expect(optimizer.step()).toBeUndefined();
  });

  test('parameters without a gradient are skipped and get no state', () => {
    const [a, b] = twoParams();
    const optimizer = new Adam([a!, b!]);
    setGrads([a!], [[1, 1, 1, 1]]);
    optimizer.step();
    expect(b!.toArray()).toEqual([0.5, -0.5]);
    expect(optimizer.state.has(b!)).toBe(false);
    expect(optimizer.state.has(a!)).toBe(true);
  });

  test('the update is an in-place write autograd sees: a tensor saved for backward is then stale', () => {
    const [p] = leaves([[1, 2]], [[2]]);
    const optimizer = new SGD([p!], { lr: 0.1 });
    const version = p!.version;
    const y = p!.mul(p!);
    setGrads([p!], [[1, 1]]);
    optimizer.step();
    expect(p!.version).toBeGreaterThan(version);
    expect(() => y.sum().backward()).toThrow(AutogradError);
  });

  test('a non-contiguous gradient or parameter gives the same update as a contiguous one', () => {
    const run = (transposed: boolean) => {
      const base = tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: 'float64' },
      );
      const param = (transposed ? base.t() : base.t().contiguous()).detach().requiresGrad_();
      const grad = tensor(
        [
          [0.5, -1],
          [2, 0.25],
          [-3, 1],
        ],
        { dtype: 'float64' },
      );
      param.grad = transposed ? grad.t().contiguous().t() : grad;
      expect(param.array.isContiguous).toBe(!transposed);
      expect(param.grad.array.isContiguous).toBe(!transposed);
      const optimizer = new Adam([param], { lr: 0.1, amsgrad: true, weightDecay: 0.1 });
      optimizer.step();
      optimizer.step();
      return { param, base };
    };
    const contiguous = run(false);
    const strided = run(true);
    expect(strided.param.toArray()).toEqual(contiguous.param.toArray());
    // The strided parameter was written back into its own storage.
    expect(strided.base.t().toArray()).toEqual(contiguous.param.toArray());
  });

  test('a gradient of another dtype or shape cannot even be assigned (as in PyTorch)', () => {
    const [p] = leaves([[1, 2]], [[2]]);
    expect(() => {
      p!.grad = tensor([1, 2], { dtype: 'float32' });
    }).toThrow(DTypeError);
    expect(() => {
      p!.grad = tensor([[1, 2]], { dtype: 'float64' });
    }).toThrow(new ShapeError('assigned grad has data of a different size: [1, 2], expected [2]'));
    expect(p!.grad).toBeNull();
  });

  test('float32 parameters are rounded where PyTorch rounds (one SGD step with weight decay and nesterov)', () => {
    const [p] = leaves([[0.1, -0.3]], [[2]], 'float32');
    const optimizer = new SGD([p!], { lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true });
    setGrads([p!], [[0.7, 0.2]]);
    const f = Math.fround;
    const expected = [0, 1].map((i) => {
      const param = f([0.1, -0.3][i]!);
      const grad = f([0.7, 0.2][i]!);
      const d = f(grad + f(0.01) * param); // grad.add(param, alpha=weight_decay)
      const buffer = d; // first step: a clone
      const nesterov = f(d + f(0.9) * buffer);
      return f(param + f(-0.1) * nesterov);
    });
    optimizer.step();
    expect(Array.from(p!.toTypedArray())).toEqual(expected);
  });

  test('SGD with dampening: not applied on the first momentum step, applied afterwards', () => {
    const [p] = leaves([[0]], [[1]]);
    const optimizer = new SGD([p!], { lr: 1, momentum: 0.5, dampening: 0.5 });
    setGrads([p!], [[1]]);
    optimizer.step(); // b = 1
    expect(optimizer.state.get(p!)!.momentumBuffer!.item()).toBe(1);
    expect(p!.item()).toBe(-1);
    optimizer.step(); // b = 0.5·1 + 0.5·1
    expect(optimizer.state.get(p!)!.momentumBuffer!.item()).toBe(1);
    setGrads([p!], [[3]]);
    optimizer.step(); // b = 0.5·1 + 0.5·3
    expect(optimizer.state.get(p!)!.momentumBuffer!.item()).toBe(2);
    expect(p!.item()).toBe(-1 - 1 - 2);
  });

  test('Adam and AdamW keep a float count of steps and the moments PyTorch keeps', () => {
    for (const Kind of [Adam, AdamW]) {
      const [p] = leaves([[1, -1]], [[2]]);
      const optimizer = new Kind([p!], { amsgrad: true });
      setGrads([p!], [[2, -4]]);
      optimizer.step();
      const state = optimizer.state.get(p!)!;
      expect(state.step).toBe(1);
      expect(state.expAvg.toArray()).toEqual([expect.closeTo(0.2, 15), expect.closeTo(-0.4, 15)]);
      expect(state.expAvgSq.toArray()).toEqual([expect.closeTo(0.004, 15), expect.closeTo(0.016, 15)]);
      expect(state.maxExpAvgSq!.toArray()).toEqual(state.expAvgSq.toArray());
    }
  });

  test('AdamW decays the parameter itself; Adam adds the decay to the gradient', () => {
    // With a zero gradient, Adam's update is lr·sign(wd·p) (its first step) and AdamW's is p·lr·wd.
    const [a] = leaves([[2]], [[1]]);
    const [w] = leaves([[2]], [[1]]);
    const adam = new Adam([a!], { lr: 0.1, weightDecay: 0.5 });
    const adamw = new AdamW([w!], { lr: 0.1, weightDecay: 0.5 });
    setGrads([a!, w!], [[0], [0]]);
    adam.step();
    adamw.step();
    expect(a!.item()).toBeCloseTo(2 - 0.1, 6);
    expect(w!.item()).toBe(2 * (1 - 0.1 * 0.5));
  });

  test('the same optimizer can train float32 and float64 parameters together', () => {
    const p32 = zeros([2], { dtype: 'float32', requiresGrad: true });
    const p64 = zeros([2], { dtype: 'float64', requiresGrad: true });
    const optimizer = new Adam([p32, p64], { lr: 0.1 });
    setGrads(
      [p32, p64],
      [
        [1, -1],
        [1, -1],
      ],
    );
    optimizer.step();
    expect(optimizer.state.get(p32)!.expAvg.dtype).toBe('float32');
    expect(Array.from(p32.toTypedArray())).toEqual(
      Array.from(p64.toTypedArray()).map((v) => expect.closeTo(v, 6) as unknown as number),
    );
  });
});
