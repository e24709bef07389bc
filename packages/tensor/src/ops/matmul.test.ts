import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  defaultBackend,
  DTypeError,
  jsBackend,
  setBackend,
  ShapeError,
  tensor,
  zeros,
  type Backend,
  type MatrixOperand,
  type NDArray,
} from '../index.js';
import {
  allIndices,
  broadcastableTo,
  broadcastShape,
  valuesOf,
  withLayout,
  type Layout,
} from '../testing.test-util.js';

/** Element (row, col) of operand `x` in batch `index`; a 1-D operand is a row (left) or column (right). */
function at(x: NDArray, index: number[], row: number, col: number, vector: 'row' | 'col'): number {
  if (x.ndim === 1) return x.get(vector === 'row' ? col : row);
  const lead = index.length - (x.ndim - 2);
  const batchIndex = x.shape.slice(0, -2).map((d, j) => (d === 1 ? 0 : index[j + lead]!));
  return x.get(...batchIndex, row, col);
}

/** torch.matmul by definition: 1-D operands become a row/column, batch dims broadcast. */
function reference(a: NDArray, b: NDArray): { shape: number[]; values: number[] } {
  const aBatch = a.ndim > 2 ? a.shape.slice(0, -2) : [];
  const bBatch = b.ndim > 2 ? b.shape.slice(0, -2) : [];
  const batch = broadcastShape(aBatch, bBatch);
  const m = a.ndim === 1 ? 1 : a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const n = b.ndim === 1 ? 1 : b.shape[b.ndim - 1]!;
  const values: number[] = [];
  for (const index of allIndices(batch)) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += at(a, index, i, p, 'row') * at(b, index, p, j, 'col');
        values.push(acc);
      }
    }
  }
  const shape = [...batch, ...(a.ndim > 1 ? [m] : []), ...(b.ndim > 1 ? [n] : [])];
  return { shape, values };
}

const values = Array.from({ length: 37 }, (_, i) => ((i * 7) % 9) - 4);
const layoutArb = fc.constantFrom<Layout>('contiguous', 'permuted', 'strided', 'expanded');
const sizeArb = fc.integer({ min: 0, max: 4 });

/** Operands of every rank combination 1-4 with broadcasting batch dims, in any layout. */
const operandsArb = fc
  .record({
    m: sizeArb,
    k: sizeArb,
    n: sizeArb,
    batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    aVector: fc.boolean(),
    bVector: fc.boolean(),
    layouts: fc.tuple(layoutArb, layoutArb, fc.nat(63), fc.nat(63)),
    dtype: fc.constantFrom('float32' as const, 'float64' as const, 'int32' as const),
  })
  .chain((c) => fc.tuple(fc.constant(c), broadcastableTo(c.batch), broadcastableTo(c.batch)))
  .map(([c, aBatch, bBatch]) => {
    const aShape = c.aVector ? [c.k] : [...aBatch, c.m, c.k];
    const bShape = c.bVector ? [c.k] : [...bBatch, c.k, c.n];
    const [la, lb, ca, cb] = c.layouts;
    return [withLayout(aShape, c.dtype, la, values, ca), withLayout(bShape, c.dtype, lb, values.slice(3), cb)] as const;
  });

describe('matmul', () => {
  test('every rank combination, batch broadcasting and operand layout matches the naive product', () => {
    fc.assert(
      fc.property(operandsArb, ([a, b]) => {
        const out = a.matmul(b);
        const want = reference(a, b);
        expect(out.shape).toEqual(want.shape);
        expect(out.dtype).toBe(a.dtype);
        expect(valuesOf(out)).toEqual(want.values);
      }),
      { numRuns: 150 },
    );
  });

  test('concrete shapes follow torch.matmul', () => {
    expect(zeros([3]).matmul(zeros([3])).shape).toEqual([]);
    expect(zeros([2, 3]).matmul(zeros([3])).shape).toEqual([2]);
    expect(zeros([3]).matmul(zeros([3, 4])).shape).toEqual([4]);
    expect(zeros([5, 1, 2, 3]).matmul(zeros([4, 3, 2])).shape).toEqual([5, 4, 2, 2]);
    expect(zeros([3]).matmul(zeros([2, 3, 4])).shape).toEqual([2, 4]);
    expect(zeros([2, 4, 3]).matmul(zeros([3])).shape).toEqual([2, 4]);
    expect(
      tensor([1, 2, 3])
        .matmul(tensor([4, 5, 6]))
        .item(),
    ).toBe(32);
  });

  // 17·19·23 multiply-adds is above the 4096 where the kernel switches to packed row-major loops.
  const LARGE: [string, () => [NDArray, NDArray]][] = [
    [
      'contiguous',
      () => [
        withLayout([17, 19], 'float32', 'contiguous', values),
        withLayout([19, 23], 'float32', 'contiguous', values),
      ],
    ],
    [
      'transposed left',
      () => [
        withLayout([19, 17], 'float32', 'contiguous', values).t(),
        withLayout([19, 23], 'float32', 'contiguous', values),
      ],
    ],
    [
      'transposed right',
      () => [
        withLayout([17, 19], 'float64', 'contiguous', values),
        withLayout([23, 19], 'float64', 'contiguous', values).t(),
      ],
    ],
    [
      'strided both',
      () => [
        withLayout([17, 19], 'float32', 'strided', values, 3),
        withLayout([19, 23], 'float32', 'strided', values, 1),
      ],
    ],
    [
      'int32',
      () => [withLayout([17, 19], 'int32', 'permuted', values), withLayout([19, 23], 'int32', 'contiguous', values)],
    ],
    [
      'batched with broadcast',
      () => [
        withLayout([2, 17, 19], 'float32', 'permuted', values, 2),
        withLayout([1, 19, 23], 'float32', 'expanded', values, 4),
      ],
    ],
    [
      'vector times large matrix',
      () => [withLayout([300], 'float64', 'strided', values, 1), withLayout([300, 20], 'float64', 'permuted', values)],
    ],
  ];

  test.each(LARGE)('large (packed) kernel: %s', (_name, make) => {
    const [a, b] = make();
    const out = a.matmul(b);
    const want = reference(a, b);
    expect(out.shape).toEqual(want.shape);
    expect(valuesOf(out)).toEqual(want.values);
  });

  test('errors name the op, both shapes and the mismatch', () => {
    expect(() => zeros([3, 4]).matmul(zeros([5, 2]))).toThrow(ShapeError);
    expect(() => zeros([3, 4]).matmul(zeros([5, 2]))).toThrow(
      'matmul: shapes [3, 4] and [5, 2] cannot be multiplied (4 != 5)',
    );
    expect(() => zeros([3]).matmul(zeros([4]))).toThrow('matmul: shapes [3] and [4] cannot be multiplied (3 != 4)');
    expect(() => zeros([]).matmul(zeros([2]))).toThrow(
      'matmul: both arguments need at least 1 dimension, but got shapes [] and [2]',
    );
    expect(() => zeros([2, 2, 3]).matmul(zeros([3, 3, 1]))).toThrow(
      'matmul: shapes [2] and [3] cannot be broadcast together (dimension 0: 2 != 3)',
    );
    expect(() => zeros([2]).matmul(zeros([2], { dtype: 'float64' }))).toThrow(
      'matmul: expected both operands to have the same dtype, but got float32 and float64',
    );
    expect(() => tensor([true]).matmul(tensor([true]))).toThrow(DTypeError);
  });
});

describe('backend interface', () => {
  test('setBackend routes gemm through the installed backend, with operands read in place', () => {
    const calls: { m: number; k: number; n: number; a: MatrixOperand; b: MatrixOperand }[] = [];
    const spy: Backend = {
      ...jsBackend,
      name: 'spy',
      gemm(m, k, n, a, b, c, cOffset) {
        calls.push({ m, k, n, a: { ...a }, b: { ...b } });
        jsBackend.gemm(m, k, n, a, b, c, cOffset);
      },
    };
    const previous = setBackend(spy);
    try {
      const a = withLayout([2, 3, 4], 'float32', 'contiguous', values);
      const b = withLayout([5, 4], 'float32', 'contiguous', values).t();
      const out = a.matmul(b);
      expect(valuesOf(out)).toEqual(reference(a, b).values);
      expect(calls).toHaveLength(2);
      expect(calls[0]).toMatchObject({ m: 3, k: 4, n: 5, b: { rowStride: 1, colStride: 4 } });
      expect(calls[1]!.a.offset).toBe(12);
    } finally {
      expect(setBackend(previous)).toBe(spy);
    }
    expect(previous).toBe(defaultBackend);
  });
});
