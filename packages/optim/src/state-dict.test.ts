import { readFileSync } from 'node:fs';
import { ShapeError, Tensor, tensor, ValueError } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { closeness } from '../../../fixtures/parity.js';
import { Adam, AdamW, SGD, StepLR, type Optimizer, type OptimizerStateDict } from './index.js';
import { leaves, setGrads, snapshot, torchletOptions, pseudoRandom } from './testing.test-util.js';

type AnyOptimizer = Optimizer<object, object>;
type Make = (params: Tensor[]) => AnyOptimizer;

const SHAPES = [[2, 3], [3], [1]];
const initial = () =>
  SHAPES.map((shape, i) =>
    pseudoRandom(
      shape.reduce((a, b) => a * b, 1),
      100 + i,
    ),
  );
const gradsAt = (step: number) =>
  SHAPES.map((shape, i) =>
    pseudoRandom(
      shape.reduce((a, b) => a * b, 1),
      1000 * step + i,
    ),
  );

const KINDS: [string, Make][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.1 })],
  [
    'SGD momentum dampening weightDecay',
    (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 }),
  ],
  [
    'SGD nesterov maximize, two groups',
    (p) =>
      new SGD([{ params: p.slice(0, 2) }, { params: p.slice(2), lr: 0.01 }], {
        lr: 0.1,
        momentum: 0.9,
        nesterov: true,
        maximize: true,
      }),
  ],
  ['Adam', (p) => new Adam(p, { lr: 0.01, weightDecay: 0.1 })],
  [
    'Adam amsgrad, two groups',
    (p) => new Adam([{ params: p.slice(0, 1), lr: 0.05 }, { params: p.slice(1) }], { lr: 0.01, amsgrad: true }),
  ],
  ['AdamW amsgrad maximize', (p) => new AdamW(p, { lr: 0.01, amsgrad: true, maximize: true })],
];

function run(make: Make, steps: number, dtype: 'float64' | 'float32' = 'float64') {
  const params = leaves(initial(), SHAPES, dtype);
  const optimizer = make(params);
  for (let s = 0; s < steps; s++) {
    setGrads(params, gradsAt(s));
    optimizer.step();
  }
  return { params, optimizer };
}

describe('stateDict / loadStateDict', () => {
  test.each(KINDS)(
    '%s: save after 3 steps, load into a fresh optimizer over fresh params, continue: bit-identical',
    (_name, make) => {
      for (const dtype of ['float64', 'float32'] as const) {
        const uninterrupted = run(make, 7, dtype);

        const first = run(make, 3, dtype);
        const saved = first.optimizer.stateDict();
        const params = first.params.map((p) => p.detach().clone().requiresGrad_());
        const resumed = make(params);
        resumed.loadStateDict(saved);
        for (let s = 3; s < 7; s++) {
          setGrads(params, gradsAt(s));
          resumed.step();
        }
        expect(snapshot(params)).toEqual(snapshot(uninterrupted.params));
        expect(plain(resumed.stateDict())).toEqual(plain(uninterrupted.optimizer.stateDict()));
      }
    },
  );

  test('the dict holds copies: changing it, or stepping on, changes neither side', () => {
    const { params, optimizer } = run(KINDS[4]![1], 2);
    const saved = optimizer.stateDict();
    const before = JSON.stringify(plain(saved));
    setGrads(params, gradsAt(9));
    optimizer.step();
    expect(JSON.stringify(plain(saved))).toBe(before);

    const fresh = run(KINDS[4]![1], 0);
    fresh.optimizer.loadStateDict(saved);
    const loaded = JSON.stringify(plain(fresh.optimizer.stateDict()));
    for (const entry of Object.values(saved.state)) {
      for (const value of Object.values(entry)) if (value instanceof Tensor) value.array.fill_(123);
    }
    (saved.param_groups[0]!['betas'] as number[])[0] = 0.5;
    saved.param_groups[0]!['lr'] = 7;
    expect(JSON.stringify(plain(fresh.optimizer.stateDict()))).toBe(loaded);
    expect(fresh.optimizer.paramGroups[0]!).toMatchObject({ lr: 0.05, betas: [0.9, 0.999] });
  });

  test('loaded options replace the group options; the group keeps its tensors', () => {
    const source = new SGD(leaves([[1]], [[1]]), { lr: 0.5, momentum: 0.9 });
    expect(new StepLR(source, { stepSize: 1 }).baseLrs).toEqual([0.5]);
    const target = new SGD(leaves([[1]], [[1]]), { lr: 0.1 });
    const params = target.paramGroups[0]!.params;
    target.loadStateDict(source.stateDict());
    expect(target.paramGroups[0]).toEqual({ ...source.paramGroups[0], params });
    expect(target.paramGroups[0]!.initialLr).toBe(0.5);
  });

  test('a loaded group replaces the options: a key the dict lacks (initialLr set later) is dropped', () => {
    const target = new SGD(leaves([[1]], [[1]]), { lr: 0.1, momentum: 0.5 });
    const saved = target.stateDict();
    const scheduler = new StepLR(target, { stepSize: 1 }); // sets initialLr after the dict was taken
    expect(scheduler.baseLrs).toEqual([0.1]);
    expect(target.paramGroups[0]!.initialLr).toBe(0.1);
    target.loadStateDict(saved);
    expect(target.paramGroups[0]!.initialLr).toBeUndefined();
    expect(target.stateDict()).toEqual(saved);
  });

  test('param indices must be distinct non-negative integers; state keys must be indices', () => {
    const { optimizer } = run(KINDS[4]![1], 2);
    const good = optimizer.stateDict();
    const target = run(KINDS[4]![1], 1).optimizer;
    const before = target.stateDict();
    const withParams = (g: number, params: unknown[]) => ({
      ...good,
      param_groups: good.param_groups.map((group, i) => (i === g ? { ...group, params } : group)) as never,
    });
    expect(() => target.loadStateDict(withParams(1, [1, 1]))).toThrow(
      new ValueError('loadStateDict: parameter index 1 appears more than once in param_groups'),
    );
    expect(() => target.loadStateDict(withParams(1, [0, 2]))).toThrow(
      'loadStateDict: parameter index 0 appears more than once in param_groups',
    );
    expect(() => target.loadStateDict(withParams(1, [1.5, 2]))).toThrow(
      'loadStateDict: param_groups[1].params[0] must be a non-negative integer index, got 1.5',
    );
    expect(() => target.loadStateDict(withParams(1, ['1', 2]))).toThrow(
      'loadStateDict: param_groups[1].params[0] must be a non-negative integer index, got 1',
    );
    expect(() => target.loadStateDict({ ...good, state: { ...good.state, '01': good.state[1]! } as never })).toThrow(
      'loaded state dict has state for parameter 01, which is in none of its param_groups',
    );
    expect(target.stateDict()).toEqual(before);
  });

  test('validates the dict with PyTorch messages and changes nothing when it is rejected', () => {
    const { optimizer } = run(KINDS[4]![1], 2);
    const good = optimizer.stateDict();
    const target = run(KINDS[4]![1], 1).optimizer;
    const before = target.stateDict();

    const oneGroup = { ...good, param_groups: good.param_groups.slice(0, 1) };
    expect(() => target.loadStateDict(oneGroup)).toThrow(
      new ValueError('loaded state dict has a different number of parameter groups'),
    );
    const resized = { ...good, param_groups: [good.param_groups[0]!, { ...good.param_groups[1]!, params: [1] }] };
    expect(() => target.loadStateDict(resized)).toThrow(
      new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group"),
    );
    const wrongShape = { ...good, state: { ...good.state, 1: { ...good.state[1]!, exp_avg: tensor([1, 2]) } } };
    expect(() => target.loadStateDict(wrongShape)).toThrow(
      new ShapeError("loadStateDict: state[1].exp_avg has shape [2], expected the parameter's shape [3]"),
    );
    const missing = { ...good, state: { ...good.state, 0: { step: 2 } } };
    expect(() => target.loadStateDict(missing)).toThrow(
      'loadStateDict: state[0].exp_avg must be a tensor, got nothing',
    );
    const stray = { ...good, state: { ...good.state, 5: good.state[0]! } };
    expect(() => target.loadStateDict(stray)).toThrow(
      'loaded state dict has state for parameter 5, which is in none of its param_groups',
    );
    const badOption = { ...good, param_groups: [{ ...good.param_groups[0]!, lr: -1 }, good.param_groups[1]!] };
    expect(() => target.loadStateDict(badOption)).toThrow('Invalid learning rate: -1');

    expect(target.stateDict()).toEqual(before);
  });

  test("PyTorch's own layout loads: step as a float32 tensor, float64 buffers cast to float32 params", () => {
    const params = leaves([[1, 2]], [[2]], 'float32');
    const optimizer = new Adam(params);
    const pytorchStyle: OptimizerStateDict = {
      state: {
        0: {
          step: tensor(4, { dtype: 'float32' }),
          exp_avg: tensor([0.1, 0.2], { dtype: 'float64' }),
          exp_avg_sq: tensor([0.01, 0.02], { dtype: 'float64' }),
        },
      },
      param_groups: [
        {
          lr: 0.002,
          betas: [0.9, 0.999],
          eps: 1e-8,
          weight_decay: 0,
          amsgrad: false,
          maximize: false,
          foreach: null,
          params: [0],
        },
      ],
    };
    optimizer.loadStateDict(pytorchStyle);
    const state = optimizer.state.get(params[0]!)!;
    expect(state.step).toBe(4);
    expect(state.expAvg.dtype).toBe('float32');
    expect(optimizer.paramGroups[0]).toMatchObject({ lr: 0.002, weightDecay: 0, foreach: null });
  });
});

interface FixtureTensor {
  tensor: number | number[] | number[][];
  shape: number[];
  dtype: string;
}
interface StateDictCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  defaults: Record<string, unknown>;
  groups: { shape: number[]; options: Record<string, unknown> }[];
  scheduler: 'StepLR' | null;
  initial: number[][] | number[][][];
  grads: unknown[][];
  stateDict: { state: Record<string, Record<string, FixtureTensor | null>>; param_groups: Record<string, unknown>[] };
}

const fixture = JSON.parse(readFileSync(new URL('./state-dict.fixtures.json', import.meta.url), 'utf8')) as {
  cases: StateDictCase[];
};

describe("state dicts read like PyTorch 1.13's (state-dict.fixtures.json)", () => {
  test.each(fixture.cases.map((c) => [c.name, c] as [string, StateDictCase]))('%s', (_name, c) => {
    const params = c.initial.map((v, i) =>
      tensor(v as number[], { dtype: 'float64' })
        .reshape(c.groups[i]!.shape)
        .requiresGrad_(),
    );
    const groups = c.groups.map((g, i) => ({ params: [params[i]!], ...torchletOptions(g.options) }));
    const defaults = torchletOptions(c.defaults);
    const optimizer: AnyOptimizer =
      c.optimizer === 'SGD'
        ? new SGD(groups, defaults)
        : c.optimizer === 'Adam'
          ? new Adam(groups, defaults)
          : new AdamW(groups, defaults);
    if (c.scheduler === 'StepLR') expect(new StepLR(optimizer as SGD, { stepSize: 1, gamma: 0.5 }).lastEpoch).toBe(0);
    for (const grads of c.grads) {
      params.forEach((p, i) => {
        p.grad = tensor(grads[i] as number[], { dtype: 'float64' }).reshape(p.shape);
      });
      optimizer.step();
    }
    const ours = optimizer.stateDict();
    expect(ours.param_groups).toEqual(c.stateDict.param_groups);
    expect(Object.keys(ours.state)).toEqual(Object.keys(c.stateDict.state));
    for (const [index, entry] of Object.entries(c.stateDict.state)) {
      const mine = ours.state[Number(index)]!;
      expect(Object.keys(mine)).toEqual(Object.keys(entry));
      for (const [key, value] of Object.entries(entry)) {
        const actual = mine[key];
        if (value === null) expect(actual).toBeNull();
        else if (key === 'step')
          expect(actual).toBe(value.tensor); // PyTorch 1.13: a float32 0-d tensor
        else {
          expect(actual).toBeInstanceOf(Tensor);
          expect((actual as Tensor).shape).toEqual(value.shape);
          expect((actual as Tensor).dtype).toBe(value.dtype);
          expect(
            closeness((actual as Tensor).toTypedArray(), [value.tensor].flat(2), 'float64'),
            `${index}.${key}`,
          ).toBeNull();
        }
      }
    }
  });
});

/** The dict with tensors as arrays, for comparing snapshots of it. */
function plain(value: unknown): unknown {
  if (value instanceof Tensor) return value.toArray();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
