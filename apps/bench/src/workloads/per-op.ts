import { tensor } from '@torchlet/autograd';
import { torch } from 'js-pytorch';
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { pytorchRunner } from '../pytorch-worker.js';
import { SeededRandom, toRows } from '../random.js';
import { tfjsRunner, type Tfjs } from '../tfjs.js';
import { loopRunner, type BenchCase, type LibraryId, type Workload } from '../workload.js';

export const PER_OP_OPS = [
  'add',
  'mul',
  'sub',
  'matmul',
  'sum',
  'indexSelect',
  'reshape',
  'add-grad',
  'matmul-grad',
  'backward',
] as const;
export type PerOpName = (typeof PER_OP_OPS)[number];

const LABELS: Record<PerOpName, string> = {
  add: 'add [10] + [10]',
  mul: 'mul [10] · [10]',
  sub: 'sub [10] - [10]',
  matmul: 'matmul [10,2]@[2,1]',
  sum: 'sum [10]',
  indexSelect: 'indexSelect 10 rows of [1000,2]',
  reshape: 'reshape [10,1] → [10]',
  'add-grad': 'add, recording autograd',
  'matmul-grad': 'matmul, recording autograd',
  backward: '(a·b).sum().backward(), [10]',
};

/** The small operands every library gets: the sizes of one step of the seed loop. */
export function perOpInputs(seed = 0) {
  const random = new SeededRandom(seed + 13);
  return {
    a: random.normals(10),
    b: random.normals(10),
    x: random.normals(20),
    w: random.normals(2),
    column: random.normals(10),
    features: random.normals(2000),
    indices: random.permutation(1000).slice(0, 10),
  };
}
type PerOpInputs = ReturnType<typeof perOpInputs>;

/** torchlet: each op as user code writes it; `-grad` ops on tensors that require grad. */
export function perOpTorchlet(op: PerOpName, data: PerOpInputs): () => unknown {
  const a = tensor(data.a);
  const b = tensor(data.b);
  const x = tensor(data.x).reshape([10, 2]);
  const w = tensor(data.w).reshape([2, 1]);
  const column = tensor(data.column).reshape([10, 1]);
  const features = tensor(data.features).reshape([1000, 2]);
  const indices = Array.from(data.indices);
  const aGrad = tensor(data.a, { requiresGrad: true });
  const wGrad = tensor(data.w).reshape([2, 1]).requiresGrad_();
  switch (op) {
    case 'add':
      return () => a.add(b);
    case 'mul':
      return () => a.mul(b);
    case 'sub':
      return () => a.sub(b);
    case 'matmul':
      return () => x.matmul(w);
    case 'sum':
      return () => a.sum();
    case 'indexSelect':
      return () => features.indexSelect(0, indices);
    case 'reshape':
      return () => column.reshape([10]);
    case 'add-grad':
      return () => aGrad.add(b);
    case 'matmul-grad':
      return () => x.matmul(wGrad);
    case 'backward':
      return () => {
        aGrad.mul(b).sum().backward();
        aGrad.grad = null;
      };
  }
}

/** ndarray-ops called directly, output allocated per call: the floor under an op built on it. */
export function perOpNdarrayOps(op: PerOpName, data: PerOpInputs): (() => unknown) | null {
  const a = ndarray(data.a, [10]);
  const b = ndarray(data.b, [10]);
  const out = () => ndarray(new Float32Array(10), [10]);
  switch (op) {
    case 'add':
      return () => ops.add(out(), a, b);
    case 'mul':
      return () => ops.mul(out(), a, b);
    case 'sub':
      return () => ops.sub(out(), a, b);
    case 'sum':
      return () => ops.sum(a);
    default:
      return null;
  }
}

/**
 * tfjs: each result disposed at once. tfjs records gradients only inside `tf.grad`, so the
 * recording cases have no tfjs form; `backward` is a `tf.grad` function called once per op.
 */
export function perOpTfjs(tf: Tfjs, op: PerOpName, data: PerOpInputs): { step: () => unknown; dispose(): void } | null {
  const a = tf.tensor1d(data.a);
  const b = tf.tensor1d(data.b);
  const x = tf.tensor2d(data.x, [10, 2]);
  const w = tf.tensor2d(data.w, [2, 1]);
  const column = tf.tensor2d(data.column, [10, 1]);
  const features = tf.tensor2d(data.features, [1000, 2]);
  const indices = tf.tensor1d(data.indices, 'int32');
  const dispose = () => tf.dispose([a, b, x, w, column, features, indices]);
  const gradient = tf.grad((input) => input.mul(b).sum());
  const steps: Partial<Record<PerOpName, () => unknown>> = {
    add: () => tf.add(a, b).dispose(),
    mul: () => tf.mul(a, b).dispose(),
    sub: () => tf.sub(a, b).dispose(),
    matmul: () => tf.matMul(x, w).dispose(),
    sum: () => tf.sum(a).dispose(),
    indexSelect: () => tf.gather(features, indices).dispose(),
    reshape: () => tf.reshape(column, [10]).dispose(),
    backward: () => gradient(a).dispose(),
  };
  const step = steps[op];
  if (step === undefined) {
    dispose();
    return null;
  }
  return { step, dispose };
}

/**
 * js-pytorch: a tensor that requires grad lists every result made from it until `zero_grad()`;
 * the recording cases clear that list each time, as a training step's `zero_grad()` would.
 */
export function perOpJsPytorch(op: PerOpName, data: PerOpInputs): () => unknown {
  const a = torch.tensor(Array.from(data.a));
  const b = torch.tensor(Array.from(data.b));
  const x = torch.tensor(toRows(data.x, 2));
  const w = torch.tensor(toRows(data.w, 1));
  const column = torch.tensor(toRows(data.column, 1));
  const features = torch.tensor(toRows(data.features, 2));
  const indices = Array.from(data.indices);
  const aGrad = torch.tensor(Array.from(data.a), true);
  const wGrad = torch.tensor(toRows(data.w, 1), true);
  switch (op) {
    case 'add':
      return () => a.add(b);
    case 'mul':
      return () => a.mul(b);
    case 'sub':
      return () => a.sub(b);
    case 'matmul':
      return () => x.matmul(w);
    case 'sum':
      return () => a.sum();
    case 'indexSelect':
      return () => features.at(indices);
    case 'reshape':
      return () => column.reshape([10]);
    case 'add-grad':
      return () => {
        const result = aGrad.add(b);
        aGrad.children.length = 0;
        return result;
      };
    case 'matmul-grad':
      return () => {
        const result = x.matmul(wGrad);
        wGrad.children.length = 0;
        return result;
      };
    case 'backward':
      return () => {
        aGrad.mul(b).sum().backward();
        aGrad.zero_grad();
      };
  }
}

function perOpCase(op: PerOpName): BenchCase {
  const data = perOpInputs();
  const omitted: Partial<Record<LibraryId, string>> = {};
  const libraries: BenchCase['libraries'] = {
    torchlet: () => loopRunner(perOpTorchlet(op, data)),
  };
  if (perOpNdarrayOps(op, data) !== null) libraries['ndarray-ops'] = () => loopRunner(perOpNdarrayOps(op, data)!);
  if (op === 'add-grad' || op === 'matmul-grad') omitted['tfjs-cpu'] = omitted['tfjs-wasm'] = 'records only in tf.grad';
  else
    for (const backend of ['cpu', 'wasm'] as const)
      libraries[backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm'] = tfjsRunner(backend, (tf) => perOpTfjs(tf, op, data)!);
  libraries['js-pytorch'] = () => loopRunner(perOpJsPytorch(op, data));
  libraries.pytorch = pytorchRunner('per-op', { op });
  return {
    id: op,
    label: LABELS[op],
    metrics: [
      {
        id: 'nsPerOp',
        label: LABELS[op],
        unit: 'ns/op',
        better: 'lower',
        value: (m) => (m.seconds / m.iterations) * 1e9,
      },
    ],
    libraries,
    omitted,
  };
}

export const perOpWorkload: Workload = {
  id: 'per-op',
  label: 'per-op overhead on tiny tensors',
  description:
    'The cost of one op on 2–20 elements (the seed loop’s sizes), plus ops that record autograd and a forward+backward: nanoseconds per op.',
  cases: () => PER_OP_OPS.map(perOpCase),
};
