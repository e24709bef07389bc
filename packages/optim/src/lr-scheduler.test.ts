import { readFileSync } from 'node:fs';
import { ValueError } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { closeness } from '../../../fixtures/parity.js';
import { CosineAnnealingLR, SGD, StepLR, type LRScheduler, type SchedulerStateDict } from './index.js';
import { leaves } from './testing.test-util.js';

/** An SGD optimizer with one single-element parameter per lr. */
function optimizerWith(...lrs: number[]): SGD {
  const params = leaves(
    lrs.map(() => [0]),
    lrs.map(() => [1]),
  );
  return new SGD(
    params.map((p, i) => ({ params: [p], lr: lrs[i]! })),
    { lr: lrs[0]! },
  );
}

/** getLastLr() after construction and after each of `steps` steps. */
function trajectory(scheduler: LRScheduler, steps: number): number[][] {
  const out = [[...scheduler.getLastLr()]];
  for (let i = 0; i < steps; i++) {
    scheduler.step();
    out.push([...scheduler.getLastLr()]);
  }
  return out;
}

describe('StepLR', () => {
  test('multiplies the lr by gamma every stepSize epochs (values by hand)', () => {
    const optimizer = optimizerWith(1, 0.1);
    const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
    expect(trajectory(scheduler, 6)).toEqual([
      [1, 0.1],
      [1, 0.1],
      [0.5, 0.05],
      [0.5, 0.05],
      [0.25, 0.025],
      [0.25, 0.025],
      [0.125, 0.0125],
    ]);
    expect(optimizer.paramGroups.map((g) => g.lr)).toEqual([0.125, 0.0125]);
    expect(scheduler.lastEpoch).toBe(6);
    expect(scheduler.stepSize).toBe(2);
    expect(scheduler.gamma).toBe(0.5);
  });

  test('is chainable: a change to the lr between steps carries on, as in PyTorch', () => {
    const optimizer = optimizerWith(1);
    const scheduler = new StepLR(optimizer, { stepSize: 2 });
    optimizer.paramGroups[0]!.lr = 0.3;
    scheduler.step();
    scheduler.step();
    expect(scheduler.getLastLr()).toEqual([0.3 * 0.1]);
  });
});

describe('CosineAnnealingLR', () => {
  test('follows half a cosine from the initial lr to etaMin over tMax epochs, then back up', () => {
    const optimizer = optimizerWith(1, 0.5);
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: 4, etaMin: 0.1 });
    const lrs = trajectory(scheduler, 12);
    // The closed form: etaMin + (base − etaMin)·(1 + cos(π·t/tMax))/2, which the recursive form equals.
    lrs.forEach((row, t) => {
      row.forEach((lr, g) => {
        const base = [1, 0.5][g]!;
        expect(lr).toBeCloseTo(0.1 + ((base - 0.1) * (1 + Math.cos((Math.PI * t) / 4))) / 2, 14);
      });
    });
    expect(lrs[4]).toEqual([expect.closeTo(0.1, 14), expect.closeTo(0.1, 14)]);
    expect(lrs[8]).toEqual([expect.closeTo(1, 14), expect.closeTo(0.5, 14)]);
  });

  test("takes PyTorch's recursive steps, not the closed form (bit for bit, by hand)", () => {
    const optimizer = optimizerWith(0.7);
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: 3, etaMin: 0.01 });
    let lr = 0.7;
    const expected = [lr];
    for (let t = 1; t <= 8; t++) {
      if ((t - 1 - 3) % 6 === 0) lr = lr + ((0.7 - 0.01) * (1 - Math.cos(Math.PI / 3))) / 2;
      else lr = ((1 + Math.cos((Math.PI * t) / 3)) / (1 + Math.cos((Math.PI * (t - 1)) / 3))) * (lr - 0.01) + 0.01;
      expected.push(lr);
    }
    expect(trajectory(scheduler, 8).map((row) => row[0])).toEqual(expected);
  });
});

describe('LRScheduler: initial_lr, resuming and state dicts', () => {
  test('sets initialLr on each group once; a second scheduler keeps it', () => {
    const optimizer = optimizerWith(1, 0.2);
    const first = new StepLR(optimizer, { stepSize: 1, gamma: 0.5 });
    first.step();
    expect(optimizer.paramGroups.map((g) => [g.lr, g.initialLr])).toEqual([
      [0.5, 1],
      [0.1, 0.2],
    ]);
    const second = new CosineAnnealingLR(optimizer, { tMax: 10 });
    expect(second.baseLrs).toEqual([1, 0.2]);
    expect(optimizer.stateDict().param_groups[0]).toMatchObject({ lr: 0.5, initial_lr: 1 });
  });

  test('resuming with lastEpoch needs initialLr', () => {
    expect(() => new StepLR(optimizerWith(1, 2), { stepSize: 1, lastEpoch: 3 })).toThrow(
      new ValueError("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer"),
    );
  });

  test('stateDict has PyTorch keys; loading it into a fresh scheduler continues the same schedule', () => {
    const make = (optimizer: SGD) => new CosineAnnealingLR(optimizer, { tMax: 5, etaMin: 0.001 });
    const uninterruptedOptimizer = optimizerWith(0.1, 0.3);
    const uninterrupted = make(uninterruptedOptimizer);
    const expected = trajectory(uninterrupted, 14);

    const optimizer = optimizerWith(0.1, 0.3);
    const scheduler = make(optimizer);
    for (let i = 0; i < 6; i++) scheduler.step();
    const saved = { optimizer: optimizer.stateDict(), scheduler: scheduler.stateDict() };
    expect(saved.scheduler).toEqual({
      T_max: 5,
      eta_min: 0.001,
      base_lrs: [0.1, 0.3],
      last_epoch: 6,
      verbose: false,
      _step_count: 7,
      _get_lr_called_within_step: false,
      _last_lr: expected[6],
    });

    const resumedOptimizer = optimizerWith(0.1, 0.3);
    resumedOptimizer.loadStateDict(saved.optimizer);
    const resumed = make(resumedOptimizer);
    resumed.loadStateDict(saved.scheduler);
    (saved.scheduler['base_lrs'] as number[])[0] = 99; // the scheduler keeps its own copy
    expect(resumed.getLastLr()).toEqual(expected[6]);
    expect(trajectory(resumed, 8).slice(1)).toEqual(expected.slice(7));
  });

  test('loadStateDict rejects values of the wrong kind and changes nothing then', () => {
    const scheduler = new StepLR(optimizerWith(1), { stepSize: 2 });
    const before = scheduler.stateDict();
    const bad: SchedulerStateDict[] = [
      { ...before, step_size: 'two' },
      { ...before, base_lrs: [1, 2] },
      { ...before, last_epoch: 1.5 },
    ];
    for (const sd of bad) expect(() => scheduler.loadStateDict(sd)).toThrow(ValueError);
    expect(scheduler.stateDict()).toEqual(before);
  });

  test('invalid arguments', () => {
    expect(() => new StepLR({} as never, { stepSize: 1 })).toThrow(new TypeError('Object is not an Optimizer'));
    expect(() => new StepLR(optimizerWith(1), { stepSize: 0 })).toThrow(
      new ValueError('StepLR: stepSize must be a positive integer, got 0'),
    );
    expect(() => new CosineAnnealingLR(optimizerWith(1), { tMax: 0 })).toThrow(
      new ValueError('CosineAnnealingLR: tMax must be a positive number, got 0'),
    );
    expect(() => new CosineAnnealingLR(optimizerWith(1), { tMax: 2, lastEpoch: -2 })).toThrow(
      'CosineAnnealingLR: lastEpoch must be an integer ≥ -1, got -2',
    );
  });
});

interface SchedulerCase {
  name: string;
  kind: 'StepLR' | 'CosineAnnealingLR';
  options: { stepSize?: number; gamma?: number; tMax?: number; etaMin?: number; lastEpoch?: number };
  groups: { lr: number }[];
  resumeFrom: number[] | null;
  steps: number;
  lastLrs: number[][];
  stateDict: SchedulerStateDict;
  finalGroups: { lr: number; initial_lr: number }[];
}

const fixture = JSON.parse(readFileSync(new URL('./lr-scheduler.fixtures.json', import.meta.url), 'utf8')) as {
  cases: SchedulerCase[];
};

describe('schedules match PyTorch 1.13 (lr-scheduler.fixtures.json)', () => {
  test.each(fixture.cases.map((c) => [c.name, c] as [string, SchedulerCase]))('%s', (_name, c) => {
    const optimizer = optimizerWith(...c.groups.map((g) => g.lr));
    c.resumeFrom?.forEach((lr, i) => {
      optimizer.paramGroups[i]!.initialLr = lr;
    });
    const scheduler =
      c.kind === 'StepLR'
        ? new StepLR(optimizer, c.options as { stepSize: number })
        : new CosineAnnealingLR(optimizer, c.options as { tMax: number });
    const lrs = trajectory(scheduler, c.steps);
    expect(closeness(lrs.flat(), c.lastLrs.flat(), 'float64')).toBeNull();
    const { _last_lr: lastLr, ...rest } = scheduler.stateDict();
    const { _last_lr: expectedLastLr, ...expectedRest } = c.stateDict;
    expect(rest).toEqual(expectedRest);
    expect(closeness(lastLr as number[], expectedLastLr as number[], 'float64')).toBeNull();
    expect(optimizer.paramGroups.map((g) => g.initialLr)).toEqual(c.finalGroups.map((g) => g.initial_lr));
  });
});
