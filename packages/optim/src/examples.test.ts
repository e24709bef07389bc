import { readFileSync } from 'node:fs';
import { Tensor } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { SignSGD } from './examples/sign-sgd.js';
import * as loop from './examples/training-loop.js';
import { StepLR } from './index.js';
import { leaves, setGrads, snapshot } from './testing.test-util.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The example file from `marker` up to its test-only exports, as the README must show it. */
function body(file: string, marker: string): string {
  const source = readFileSync(new URL(`./examples/${file}`, import.meta.url), 'utf8');
  const start = source.indexOf(marker);
  const end = source.indexOf('\nexport {');
  expect(start).toBeGreaterThanOrEqual(0);
  return source.slice(start, end === -1 ? undefined : end).trim();
}

describe('README: the training loop', () => {
  test('fits the line, and the saved state resumes it', () => {
    expect(loop.w.toArray()).toEqual([[expect.closeTo(2, 4)], [expect.closeTo(-3.4, 4)]]);
    expect(loop.b.toArray()).toEqual([expect.closeTo(4.2, 4)]);
    expect(loop.resumed.paramGroups[0]!.lr).toBe(0.025);
    expect(loop.resumedScheduler.lastEpoch).toBe(60);
    expect(loop.resumedScheduler.getLastLr()).toEqual(loop.scheduler.getLastLr());
    for (const p of [loop.w, loop.b]) {
      expect(loop.resumed.state.get(p)!.momentumBuffer!.toArray()).toEqual(
        loop.optimizer.state.get(p)!.momentumBuffer!.toArray(),
      );
    }
  });

  test('the README shows exactly the example file', () => {
    expect(readme).toContain(body('training-loop.ts', '// Linear regression'));
  });
});

describe('README: a custom optimizer needs only step()', () => {
  test('SignSGD steps by lr·sign(momentum buffer)', () => {
    const [p] = leaves([[1, 1, 1]], [[3]]);
    const optimizer = new SignSGD([p!], { lr: 0.1, momentum: 0.5 });
    setGrads([p!], [[2, -3, 0]]);
    optimizer.step();
    expect(snapshot([p!])).toEqual([[0.9, 1.1, 1]]);
    setGrads([p!], [[-3, 1, 0]]); // b = 0.5·[2, -3, 0] + [-3, 1, 0] = [-2, -0.5, 0]
    optimizer.step();
    expect(snapshot([p!])).toEqual([[0.9 + 0.1, 1.1 + 0.1, 1]]);
  });

  test('param groups, zeroGrad, state dicts and schedulers come from the base class', () => {
    const params = leaves([[1, 2], [3]], [[2], [1]]);
    const optimizer = new SignSGD([{ params: [params[0]!] }, { params: [params[1]!], lr: 0.5 }]);
    const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: 0.5 });
    setGrads(params, [[1, -1], [1]]);
    optimizer.step();
    scheduler.step();
    const saved = optimizer.stateDict();
    expect(saved.param_groups).toEqual([
      { lr: 0.005, momentum: 0.9, initial_lr: 0.01, params: [0] },
      { lr: 0.25, momentum: 0.9, initial_lr: 0.5, params: [1] },
    ]);
    expect(saved.state[0]!['momentum_buffer']).toBeInstanceOf(Tensor);

    const copy = leaves(snapshot(params), [[2], [1]]);
    const resumed = new SignSGD([{ params: [copy[0]!] }, { params: [copy[1]!] }]);
    resumed.loadStateDict(saved);
    for (const [optim, ps] of [
      [optimizer, params],
      [resumed, copy],
    ] as const) {
      setGrads(ps, [[-3, 3], [-2]]);
      optim.step();
    }
    expect(snapshot(copy)).toEqual(snapshot(params));
    optimizer.zeroGrad();
    expect(params[0]!.grad).toBeNull();
  });

  test('the README shows exactly the example file', () => {
    expect(readme).toContain(body('sign-sgd.ts', 'export interface SignSGDOptions'));
  });
});
