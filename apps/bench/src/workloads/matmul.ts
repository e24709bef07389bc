import { matmul, tensor, type Tensor } from '@torchlet/autograd';
import type * as tfTypes from '@tensorflow/tfjs';
import { torch } from 'js-pytorch';
import { SeededRandom } from '../random.js';
import type { Tfjs } from '../tfjs.js';
import { pytorchRunner } from '../pytorch-worker.js';
import { tfjsRunner } from '../tfjs.js';
import { timeLoop, type BenchCase, type Workload } from '../workload.js';

/** C[batch] = op(A) · op(B) with C [m, n]; `transpose` says which operand is stored transposed. */
export interface MatmulShape {
  /** 0 for plain matrices, else the batch size of a batched multiply. */
  batch: number;
  m: number;
  k: number;
  n: number;
  transpose: 'none' | 'a' | 'b';
}

/** The operands as stored (row-major): A as [k, m] when transposed, B as [n, k] when transposed. */
export interface MatmulOperands {
  shape: MatmulShape;
  a: Float32Array;
  b: Float32Array;
  storedA: number[];
  storedB: number[];
}

export function matmulOperands(shape: MatmulShape, seed = 0): MatmulOperands {
  const { batch, m, k, n, transpose } = shape;
  const lead = batch > 0 ? [batch] : [];
  const random = new SeededRandom(seed + 1);
  return {
    shape,
    a: random.normals(Math.max(batch, 1) * m * k),
    b: random.normals(Math.max(batch, 1) * k * n),
    storedA: [...lead, ...(transpose === 'a' ? [k, m] : [m, k])],
    storedB: [...lead, ...(transpose === 'b' ? [n, k] : [k, n])],
  };
}

export function flops({ batch, m, k, n }: MatmulShape): number {
  return 2 * Math.max(batch, 1) * m * k * n;
}

/** torchlet: the transposed operand is a transposed view, as backward produces it. */
export function matmulTorchlet(operands: MatmulOperands): () => Tensor {
  const last = operands.storedA.length - 1;
  const storedA = tensor(operands.a).reshape(operands.storedA);
  const storedB = tensor(operands.b).reshape(operands.storedB);
  const a = operands.shape.transpose === 'a' ? storedA.transpose(last - 1, last) : storedA;
  const b = operands.shape.transpose === 'b' ? storedB.transpose(last - 1, last) : storedB;
  return () => matmul(a, b);
}

/** tfjs: matMul's transposeA/transposeB flags. The caller disposes the result. */
export function matmulTfjs(tf: Tfjs, operands: MatmulOperands): { multiply: () => tfTypes.Tensor; dispose(): void } {
  const a = tf.tensor(operands.a, operands.storedA);
  const b = tf.tensor(operands.b, operands.storedB);
  const { transpose } = operands.shape;
  return {
    multiply: () => tf.matMul(a, b, transpose === 'a', transpose === 'b'),
    dispose: () => tf.dispose([a, b]),
  };
}

function nested(data: Float32Array, shape: readonly number[]): unknown[] {
  const build = (offset: number, dim: number): unknown[] => {
    const size = shape[dim]!;
    if (dim === shape.length - 1) return Array.from(data.subarray(offset, offset + size));
    const stride = shape.slice(dim + 1).reduce((p, q) => p * q, 1);
    return Array.from({ length: size }, (_, i) => build(offset + i * stride, dim + 1));
  };
  return build(0, 0);
}

/** js-pytorch: nested arrays; a transposed operand is transposed (copied) before the multiply. */
export function matmulJsPytorch(operands: MatmulOperands): () => InstanceType<typeof torch.Tensor> {
  const a = torch.tensor(nested(operands.a, operands.storedA));
  const b = torch.tensor(nested(operands.b, operands.storedB));
  const last = operands.storedA.length - 1;
  const { transpose } = operands.shape;
  return () =>
    (transpose === 'a' ? a.transpose(last - 1, last) : a).matmul(transpose === 'b' ? b.transpose(last - 1, last) : b);
}

function tfjsMultiply(tf: Tfjs, operands: MatmulOperands) {
  const { multiply, dispose } = matmulTfjs(tf, operands);
  return { step: () => multiply().dispose(), dispose };
}

function matmulCase(id: string, label: string, shape: MatmulShape, jsPytorch: boolean): BenchCase {
  const operands = matmulOperands(shape);
  const work = flops(shape);
  return {
    id,
    label,
    metrics: [
      {
        id: 'gflops',
        label,
        unit: 'GFLOP/s',
        better: 'higher',
        value: (m) => (work * m.iterations) / m.seconds / 1e9,
      },
    ],
    libraries: {
      torchlet: () => {
        const multiply = matmulTorchlet(operands);
        return { run: (iterations) => timeLoop(iterations, multiply) };
      },
      'tfjs-cpu': tfjsRunner('cpu', (tf) => tfjsMultiply(tf, operands)),
      'tfjs-wasm': tfjsRunner('wasm', (tf) => tfjsMultiply(tf, operands)),
      ...(jsPytorch
        ? {
            'js-pytorch': () => {
              const multiply = matmulJsPytorch(operands);
              return { run: (iterations) => timeLoop(iterations, multiply) };
            },
          }
        : {}),
      pytorch: pytorchRunner('matmul', { ...shape }),
    },
    ...(jsPytorch ? {} : { omitted: { 'js-pytorch': 'about 10 s per multiply at n=1024' } }),
  };
}

export const matmulWorkload: Workload = {
  id: 'matmul',
  label: 'matmul, float32',
  description:
    'C = A·B in float32, GFLOP/s (2·m·k·n per multiply): square n=128/256/1024, a transposed operand at n=1024 (what backward multiplies), and a batch of 16 128×128 products.',
  cases: () => [
    matmulCase('n128', 'n=128', { batch: 0, m: 128, k: 128, n: 128, transpose: 'none' }, true),
    matmulCase('n256', 'n=256', { batch: 0, m: 256, k: 256, n: 256, transpose: 'none' }, true),
    matmulCase('n1024', 'n=1024', { batch: 0, m: 1024, k: 1024, n: 1024, transpose: 'none' }, false),
    matmulCase('n1024-at', 'n=1024, Aᵀ·B', { batch: 0, m: 1024, k: 1024, n: 1024, transpose: 'a' }, false),
    matmulCase('n1024-bt', 'n=1024, A·Bᵀ', { batch: 0, m: 1024, k: 1024, n: 1024, transpose: 'b' }, false),
    matmulCase('batched', '16×128×128 batched', { batch: 16, m: 128, k: 128, n: 128, transpose: 'none' }, true),
  ],
};
