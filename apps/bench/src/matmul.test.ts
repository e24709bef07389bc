import { beforeAll, describe, expect, test } from 'vitest';
import { mismatches } from '../../../fixtures/mismatches.js';
import { useBackend, type Tfjs } from './tfjs.js';
import { loadTfjsInVitest } from './tfjs.test-util.js';
import {
  flops,
  matmulJsPytorch,
  matmulOperands,
  matmulTfjs,
  matmulTorchlet,
  type MatmulOperands,
  type MatmulShape,
} from './workloads/matmul.js';

let tf: Tfjs;
beforeAll(async () => {
  tf = await loadTfjsInVitest();
});

/** The product computed plainly from the stored operands, in float64. */
function reference({ shape, a, b }: MatmulOperands): Float64Array {
  const { batch, m, k, n, transpose } = shape;
  const out = new Float64Array(Math.max(batch, 1) * m * n);
  for (let p = 0; p < Math.max(batch, 1); p++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let total = 0;
        for (let q = 0; q < k; q++) {
          const left = transpose === 'a' ? a[p * m * k + q * m + i]! : a[p * m * k + i * k + q]!;
          const right = transpose === 'b' ? b[p * k * n + j * k + q]! : b[p * k * n + q * n + j]!;
          total += left * right;
        }
        out[p * m * n + i * n + j] = total;
      }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  const far = mismatches(
    expected.length,
    (i) => Math.abs(actual[i]! - expected[i]!) < 5e-5,
    (i) => `element ${i}: ${actual[i]} vs ${expected[i]}`,
  );
  expect(far).toEqual([]);
}

const SHAPES: [string, MatmulShape][] = [
  ['plain', { batch: 0, m: 5, k: 7, n: 3, transpose: 'none' }],
  ['Aᵀ·B', { batch: 0, m: 5, k: 7, n: 3, transpose: 'a' }],
  ['A·Bᵀ', { batch: 0, m: 5, k: 7, n: 3, transpose: 'b' }],
  ['batched', { batch: 3, m: 4, k: 6, n: 5, transpose: 'none' }],
  ['larger square', { batch: 0, m: 67, k: 67, n: 67, transpose: 'none' }],
];

describe.each(SHAPES)('matmul %s: every library computes the same product', (_name, shape) => {
  const operands = matmulOperands(shape, 3);
  const expected = reference(operands);

  test('torchlet', () => {
    const product = matmulTorchlet(operands)();
    expect(product.shape).toEqual(shape.batch > 0 ? [shape.batch, shape.m, shape.n] : [shape.m, shape.n]);
    expectClose(product.toTypedArray(), expected);
  });

  for (const backend of ['cpu', 'wasm'] as const)
    test(`tfjs ${backend}`, async () => {
      await useBackend(tf, backend);
      const { multiply, dispose } = matmulTfjs(tf, operands);
      const product = multiply();
      expectClose(product.dataSync(), expected);
      product.dispose();
      dispose();
    });

  test('js-pytorch', () => {
    const product = matmulJsPytorch(operands)();
    expectClose((product.data as unknown[]).flat(2) as number[], expected);
  });
});

test('flops counts a multiply-add per term, per batch', () => {
  expect(flops({ batch: 0, m: 1024, k: 1024, n: 1024, transpose: 'none' })).toBe(2 * 1024 ** 3);
  expect(flops({ batch: 16, m: 128, k: 128, n: 128, transpose: 'a' })).toBe(16 * 2 * 128 ** 3);
});
