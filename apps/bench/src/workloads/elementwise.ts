import { tensor, type Tensor } from '@torchlet/autograd';
import type * as tfTypes from '@tensorflow/tfjs';
import { torch } from 'js-pytorch';
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { pytorchRunner } from '../pytorch-worker.js';
import { SeededRandom, toRows } from '../random.js';
import { tfjsRunner, type Tfjs } from '../tfjs.js';
import { loopRunner, type BenchCase, type Workload, type WorkloadOptions } from '../workload.js';

export const ELEMENTWISE_OPS = ['add', 'mul', 'exp', 'relu', 'sum'] as const;
export type ElementwiseOp = (typeof ELEMENTWISE_OPS)[number];

const LABELS: Record<ElementwiseOp, string> = {
  add: 'a + b',
  mul: 'a · b',
  exp: 'exp(a)',
  relu: 'relu(a)',
  sum: 'sum(a)',
};

export function elementwiseInputs(size: number, seed = 0): { a: Float32Array; b: Float32Array } {
  const random = new SeededRandom(seed + 11);
  return { a: random.normals(size), b: random.normals(size) };
}

/** torchlet: out-of-place ops on tensors that need no grad. */
export function elementwiseTorchlet(op: ElementwiseOp, data: { a: Float32Array; b: Float32Array }): () => Tensor {
  const a = tensor(data.a);
  const b = tensor(data.b);
  switch (op) {
    case 'add':
      return () => a.add(b);
    case 'mul':
      return () => a.mul(b);
    case 'exp':
      return () => a.exp();
    case 'relu':
      return () => a.relu();
    case 'sum':
      return () => a.sum();
  }
}

/**
 * ndarray-ops, the kernels @torchlet/tensor is built on, called directly. Each call allocates its
 * output as a tensor op must; `relu` is `maxs(out, a, 0)`.
 */
export function elementwiseNdarrayOps(op: ElementwiseOp, data: { a: Float32Array; b: Float32Array }): () => unknown {
  const size = data.a.length;
  const a = ndarray(data.a, [size]);
  const b = ndarray(data.b, [size]);
  const out = () => ndarray(new Float32Array(size), [size]);
  switch (op) {
    case 'add':
      return () => ops.add(out(), a, b);
    case 'mul':
      return () => ops.mul(out(), a, b);
    case 'exp':
      return () => ops.exp(out(), a);
    case 'relu':
      return () => ops.maxs(out(), a, 0);
    case 'sum':
      return () => ops.sum(a);
  }
}

/** tfjs: the op's result is disposed at once (nothing else frees it). */
export function elementwiseTfjs(
  tf: Tfjs,
  op: ElementwiseOp,
  data: { a: Float32Array; b: Float32Array },
): { compute: () => tfTypes.Tensor; dispose(): void } {
  const a = tf.tensor1d(data.a);
  const b = tf.tensor1d(data.b);
  const compute = {
    add: () => tf.add(a, b),
    mul: () => tf.mul(a, b),
    exp: () => tf.exp(a),
    relu: () => tf.relu(a),
    sum: () => tf.sum(a),
  }[op];
  return { compute, dispose: () => tf.dispose([a, b]) };
}

/**
 * js-pytorch: nested arrays of 1000 rows (its tensors are nested JavaScript arrays of doubles).
 * Its ReLU is leaky: 0.001·x below zero.
 */
export function elementwiseJsPytorch(op: ElementwiseOp, data: { a: Float32Array; b: Float32Array }): () => unknown {
  const columns = 1000;
  const a = torch.tensor(toRows(data.a, columns));
  const b = torch.tensor(toRows(data.b, columns));
  const relu = new torch.nn.ReLU();
  return {
    add: () => a.add(b),
    mul: () => a.mul(b),
    exp: () => a.exp(),
    relu: () => relu.forward(a),
    sum: () => a.sum().sum(),
  }[op];
}

function elementwiseCase(op: ElementwiseOp, size: number): BenchCase {
  const data = elementwiseInputs(size);
  const label = `${LABELS[op]}, ${size.toExponential(0).replace('+', '')} float32`;
  const tfjsSetup = (tf: Tfjs) => {
    const { compute, dispose } = elementwiseTfjs(tf, op, data);
    return { step: () => compute().dispose(), dispose };
  };
  return {
    id: op,
    label,
    metrics: [
      {
        id: 'nsPerElement',
        label,
        unit: 'ns/element',
        better: 'lower',
        value: (m) => (m.seconds / m.iterations / size) * 1e9,
      },
    ],
    libraries: {
      torchlet: () => loopRunner(elementwiseTorchlet(op, data)),
      'ndarray-ops': () => loopRunner(elementwiseNdarrayOps(op, data)),
      'tfjs-cpu': tfjsRunner('cpu', tfjsSetup),
      'tfjs-wasm': tfjsRunner('wasm', tfjsSetup),
      'js-pytorch': () => loopRunner(elementwiseJsPytorch(op, data)),
      pytorch: pytorchRunner('elementwise', { op, size }),
    },
  };
}

export const ELEMENTWISE_SIZE = 1_000_000;

export const elementwiseWorkload: Workload = {
  id: 'elementwise',
  label: 'element-wise ops and a reduction',
  description: `add, mul, exp, relu and sum over ${ELEMENTWISE_SIZE.toLocaleString('en-US')} float32 elements (out of place): nanoseconds per element.`,
  cases: (_options: WorkloadOptions) => ELEMENTWISE_OPS.map((op) => elementwiseCase(op, ELEMENTWISE_SIZE)),
};
