import { manualSeed, tensor } from '@torchlet/autograd';
import { CrossEntropyLoss, Linear, ReLU, Sequential } from '@torchlet/nn';
import type * as tfTypes from '@tensorflow/tfjs';
import { torch } from 'js-pytorch';
import { pytorchRunner } from '../pytorch-worker.js';
import { SeededRandom, toRows } from '../random.js';
import type { Tfjs } from '../tfjs.js';
import type { Workload } from '../workload.js';
import { sgdStep } from './seed-scratch/js-pytorch.js';
import { tfjsTrainerRunner, torchletSgdTrainer, trainerRunner, type Trainer } from './trainer.js';

export const MLP_SETUP = { inputs: 784, hidden: 256, classes: 10, batch: 128, lr: 0.01 } as const;

export interface MlpOptions {
  batch?: number;
  lr?: number;
  seed?: number;
}

/** A random batch: inputs ~ N(0, 1), class labels uniform in 0..9. */
export function mlpBatch(batch: number, seed: number): { x: Float32Array; y: Int32Array } {
  const random = new SeededRandom(seed + 7);
  return { x: random.normals(batch * MLP_SETUP.inputs), y: random.integers(batch, MLP_SETUP.classes) };
}

export function mlpTorchlet({ batch = MLP_SETUP.batch, lr = MLP_SETUP.lr, seed = 0 }: MlpOptions = {}): Trainer {
  const { inputs, hidden, classes } = MLP_SETUP;
  manualSeed(seed);
  const data = mlpBatch(batch, seed);
  const x = tensor(data.x).reshape([batch, inputs]);
  const y = tensor(data.y, { dtype: 'int32' });
  const model = new Sequential(new Linear(inputs, hidden), new ReLU(), new Linear(hidden, classes));
  const lossFunction = new CrossEntropyLoss();
  return torchletSgdTrainer(model.parameters(), lr, () => lossFunction.forward(model.forward(x), y));
}

/** tfjs: a layers model trained with `optimizer.minimize` on softmax cross entropy (one-hot labels). */
export function mlpTfjs(tf: Tfjs, { batch = MLP_SETUP.batch, lr = MLP_SETUP.lr, seed = 0 }: MlpOptions = {}): Trainer {
  const { inputs, hidden, classes } = MLP_SETUP;
  const data = mlpBatch(batch, seed);
  const x = tf.tensor2d(data.x, [batch, inputs]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.y, 'int32'), classes));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: hidden,
        activation: 'relu',
        inputShape: [inputs],
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
      tf.layers.dense({ units: classes, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }),
    ],
  });
  const optimizer = tf.train.sgd(lr);
  let last: tfTypes.Scalar | null = null;
  return {
    step() {
      const cost = tf.tidy(() =>
        optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tfTypes.Tensor) as tfTypes.Scalar,
          true,
        )!,
      );
      last?.dispose();
      last = cost;
    },
    loss: () => last?.dataSync()[0] ?? Number.NaN,
    dispose() {
      last?.dispose();
      model.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
    },
  };
}

/** js-pytorch: nn.Linear / nn.ReLU / nn.CrossEntropyLoss; js-pytorch has no SGD, so the step is written on the data. */
export function mlpJsPytorch({ batch = MLP_SETUP.batch, lr = MLP_SETUP.lr, seed = 0 }: MlpOptions = {}): Trainer {
  const { inputs, hidden, classes } = MLP_SETUP;
  const data = mlpBatch(batch, seed);
  const random = new SeededRandom(seed + 1);
  const first = new torch.nn.Linear(inputs, hidden);
  const relu = new torch.nn.ReLU();
  const second = new torch.nn.Linear(hidden, classes);
  // Weights from the seeded stream (js-pytorch draws from Math.random), scaled as its Xavier init.
  first.W._data = toRows(random.normals(inputs * hidden, 0, 1 / Math.sqrt(inputs)), hidden);
  second.W._data = toRows(random.normals(hidden * classes, 0, 1 / Math.sqrt(hidden)), classes);
  const x = torch.tensor(toRows(data.x, inputs));
  const y = torch.tensor(Array.from(data.y));
  const lossFunction = new torch.nn.CrossEntropyLoss();
  const params = [first.W, first.b, second.W, second.b];
  let last = Number.NaN;
  return {
    step() {
      const loss = lossFunction.forward(second.forward(relu.forward(first.forward(x))), y);
      loss.backward();
      sgdStep(params, lr);
      last = (loss.data as number[])[0]!;
    },
    loss: () => last,
  };
}

export const mlpWorkload: Workload = {
  id: 'mlp',
  label: 'MLP training',
  description: `784-256(ReLU)-10 classifier, softmax cross entropy, SGD (lr ${MLP_SETUP.lr}), batch ${MLP_SETUP.batch} of random data: training samples per second.`,
  cases: () => [
    {
      id: 'train',
      label: 'MLP 784-256-10, batch 128',
      metrics: [
        {
          id: 'samplesPerSecond',
          label: '784-256-10, batch 128',
          unit: 'samples/s',
          better: 'higher',
          value: (m) => (MLP_SETUP.batch * m.iterations) / m.seconds,
        },
      ],
      libraries: {
        torchlet: trainerRunner(() => mlpTorchlet()),
        'tfjs-cpu': tfjsTrainerRunner('cpu', (tf) => mlpTfjs(tf)),
        'tfjs-wasm': tfjsTrainerRunner('wasm', (tf) => mlpTfjs(tf)),
        'js-pytorch': trainerRunner(() => mlpJsPytorch()),
        pytorch: pytorchRunner('mlp', { batch: MLP_SETUP.batch, lr: MLP_SETUP.lr, seed: 0 }),
      },
    },
  ],
};
