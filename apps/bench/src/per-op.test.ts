import { tensor, type Tensor } from '@torchlet/autograd';
import { beforeAll, describe, expect, test } from 'vitest';
import { mismatches } from '../../../fixtures/mismatches.js';
import { useBackend, type Tfjs } from './tfjs.js';
import { loadTfjsInVitest } from './tfjs.test-util.js';
import {
  PER_OP_OPS,
  perOpInputs,
  perOpJsPytorch,
  perOpNdarrayOps,
  perOpTfjs,
  perOpTorchlet,
} from './workloads/per-op.js';

let tf: Tfjs;
beforeAll(async () => {
  tf = await loadTfjsInVitest();
});

const data = perOpInputs(2);

/** The values each op computes, worked out directly (`backward` returns nothing: see its test). */
function expected(op: string): number[] | null {
  const { a, b, x, w, column, features, indices } = data;
  switch (op) {
    case 'add':
    case 'add-grad':
      return Array.from(a, (value, i) => value + b[i]!);
    case 'mul':
      return Array.from(a, (value, i) => value * b[i]!);
    case 'sub':
      return Array.from(a, (value, i) => value - b[i]!);
    case 'matmul':
    case 'matmul-grad':
      return Array.from({ length: 10 }, (_, i) => x[2 * i]! * w[0]! + x[2 * i + 1]! * w[1]!);
    case 'sum':
      return [a.reduce((total, value) => total + value, 0)];
    case 'indexSelect':
      return Array.from(indices).flatMap((row) => [features[2 * row]!, features[2 * row + 1]!]);
    case 'reshape':
      return Array.from(column);
    default:
      return null;
  }
}

function expectClose(actual: ArrayLike<number>, want: readonly number[]): void {
  expect(actual.length).toBe(want.length);
  const far = mismatches(
    want.length,
    (i) => Math.abs(actual[i]! - want[i]!) <= 5e-6 * Math.max(1, Math.abs(want[i]!)),
    (i) => `element ${i}: ${actual[i]} vs ${want[i]}`,
  );
  expect(far).toEqual([]);
}

/** The ops ndarray-ops has (the bench's floor for them); the others have no ndarray-ops row. */
const NDARRAY_OPS_HAS = new Set(['add', 'mul', 'sub', 'sum']);

describe.each(PER_OP_OPS)('%s', (op) => {
  const want = expected(op);

  test('torchlet computes it (and records a graph for the -grad ops)', () => {
    const step = perOpTorchlet(op, data);
    const result = step();
    if (op === 'backward') {
      expect(result).toBeUndefined(); // the step backpropagates and clears the gradient itself
    } else {
      const value = result as Tensor;
      expectClose(value.toTypedArray(), want!);
      expect(value.requiresGrad).toBe(op.endsWith('-grad'));
    }
    for (let i = 0; i < 100; i++) step();
  });

  test(`ndarray-ops ${NDARRAY_OPS_HAS.has(op) ? 'computes it' : 'has no such op'}`, () => {
    const step = perOpNdarrayOps(op, data);
    if (!NDARRAY_OPS_HAS.has(op)) {
      expect(step).toBeNull();
      return;
    }
    const result = step!();
    expectClose(typeof result === 'number' ? [result] : (result as { data: Float32Array }).data, want!);
  });

  for (const backend of ['cpu', 'wasm'] as const)
    test(`tfjs ${backend} runs it without leaking tensors`, async () => {
      await useBackend(tf, backend);
      const before = tf.memory().numTensors;
      const prepared = perOpTfjs(tf, op, data);
      if (op === 'add-grad' || op === 'matmul-grad') {
        expect(prepared).toBeNull();
        return;
      }
      const during = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) prepared!.step();
      expect(tf.memory().numTensors).toBe(during);
      prepared!.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

  test('js-pytorch computes it without its graph growing', () => {
    const step = perOpJsPytorch(op, data);
    const result = step() as { data: unknown } | undefined;
    if (op === 'backward') {
      expect(result).toBeUndefined();
    } else {
      const values = op === 'sum' ? [result!.data as number] : ((result!.data as unknown[]).flat() as number[]);
      expectClose(values, want!);
    }
    for (let i = 0; i < 100; i++) step();
  });
});

test('backward leaves the gradient of (a·b).sum() with respect to a, which is b', () => {
  const a = tensor(data.a, { requiresGrad: true });
  const b = tensor(data.b);
  a.mul(b).sum().backward();
  expectClose(a.grad!.toTypedArray(), Array.from(data.b));
});
