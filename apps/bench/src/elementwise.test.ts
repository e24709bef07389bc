import { beforeAll, describe, expect, test } from 'vitest';
import { mismatches } from '../../../fixtures/mismatches.js';
import { useBackend, type Tfjs } from './tfjs.js';
import { loadTfjsInVitest } from './tfjs.test-util.js';
import {
  ELEMENTWISE_OPS,
  elementwiseInputs,
  elementwiseJsPytorch,
  elementwiseNdarrayOps,
  elementwiseTfjs,
  elementwiseTorchlet,
  type ElementwiseOp,
} from './workloads/elementwise.js';

let tf: Tfjs;
beforeAll(async () => {
  tf = await loadTfjsInVitest();
});

const SIZE = 3000;
const data = elementwiseInputs(SIZE, 5);

/** The answer computed directly; `leak` is the slope of relu below zero (js-pytorch's is 0.001). */
function expected(op: ElementwiseOp, leak = 0): number[] {
  const { a, b } = data;
  const values = Array.from(a, (x, i) => {
    if (op === 'add') return x + b[i]!;
    if (op === 'mul') return x * b[i]!;
    if (op === 'exp') return Math.exp(x);
    return x > 0 ? x : leak * x;
  });
  return op === 'sum' ? [a.reduce((total, x) => total + x, 0)] : values;
}

/** float32 results: relative 1e-5, and the sum of 3000 terms to 1e-3 absolute. */
function expectClose(actual: ArrayLike<number>, op: ElementwiseOp, leak = 0): void {
  const want = expected(op, leak);
  expect(actual.length).toBe(want.length);
  const far = mismatches(
    want.length,
    (i) => Math.abs(actual[i]! - want[i]!) <= (op === 'sum' ? 1e-3 : 1e-5 * Math.max(1, Math.abs(want[i]!))),
    (i) => `element ${i}: ${actual[i]} vs ${want[i]}`,
  );
  expect(far).toEqual([]);
}

describe.each(ELEMENTWISE_OPS)('%s: every library computes the same values', (op) => {
  test('torchlet', () => expectClose(elementwiseTorchlet(op, data)().toTypedArray(), op));

  test('ndarray-ops', () => {
    const result = elementwiseNdarrayOps(op, data)();
    expectClose(typeof result === 'number' ? [result] : (result as { data: Float32Array }).data, op);
  });

  for (const backend of ['cpu', 'wasm'] as const)
    test(`tfjs ${backend}`, async () => {
      await useBackend(tf, backend);
      const { compute, dispose } = elementwiseTfjs(tf, op, data);
      const result = compute();
      expectClose(result.dataSync(), op);
      result.dispose();
      dispose();
    });

  test('js-pytorch', () => {
    const result = elementwiseJsPytorch(op, data)() as { data: unknown };
    const values = op === 'sum' ? [result.data as number] : ((result.data as number[][]).flat() as number[]);
    expectClose(values, op, 0.001);
  });
});
