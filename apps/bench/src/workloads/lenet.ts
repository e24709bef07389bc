import { manualSeed, tensor } from '@torchlet/autograd';
import { Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@torchlet/nn';
import type * as tfTypes from '@tensorflow/tfjs';
import { pytorchRunner } from '../pytorch-worker.js';
import { SeededRandom } from '../random.js';
import type { Tfjs } from '../tfjs.js';
import type { Workload } from '../workload.js';
import { tfjsTrainerRunner, torchletSgdTrainer, trainerRunner, type Trainer } from './trainer.js';

/**
 * LeNet-5 as d2l.ai writes it with ReLU and max pooling: conv 6@5×5 (padding 2), pool 2, conv
 * 16@5×5, pool 2, 400-120-84-10, on 28×28×1 images, softmax cross entropy, SGD.
 */
export const LENET_SETUP = { batch: 64, lr: 0.01, size: 28, classes: 10 } as const;

export interface LenetOptions {
  batch?: number;
  lr?: number;
  seed?: number;
}

/** A random batch of images (N(0, 1) pixels, NCHW) and class labels uniform in 0..9. */
export function lenetBatch(batch: number, seed: number): { x: Float32Array; y: Int32Array } {
  const random = new SeededRandom(seed + 11);
  return {
    x: random.normals(batch * LENET_SETUP.size * LENET_SETUP.size),
    y: random.integers(batch, LENET_SETUP.classes),
  };
}

export function lenetTorchlet({
  batch = LENET_SETUP.batch,
  lr = LENET_SETUP.lr,
  seed = 0,
}: LenetOptions = {}): Trainer {
  manualSeed(seed);
  const data = lenetBatch(batch, seed);
  const x = tensor(data.x).reshape([batch, 1, LENET_SETUP.size, LENET_SETUP.size]);
  const y = tensor(data.y, { dtype: 'int32' });
  const model = new Sequential(
    new Conv2d(1, 6, 5, { padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(6, 16, 5),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(16 * 5 * 5, 120),
    new ReLU(),
    new Linear(120, 84),
    new ReLU(),
    new Linear(84, LENET_SETUP.classes),
  );
  const lossFunction = new CrossEntropyLoss();
  return torchletSgdTrainer(model.parameters(), lr, () => lossFunction.forward(model.forward(x), y));
}

/** tfjs: the same network as a layers model (NHWC, as tfjs convolves), trained with `optimizer.minimize`. */
export function lenetTfjs(
  tf: Tfjs,
  { batch = LENET_SETUP.batch, lr = LENET_SETUP.lr, seed = 0 }: LenetOptions = {},
): Trainer {
  const { size, classes } = LENET_SETUP;
  const data = lenetBatch(batch, seed);
  const x = tf.tensor4d(data.x, [batch, size, size, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.y, 'int32'), classes));
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [size, size, 1],
        filters: 6,
        kernelSize: 5,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ units: 84, activation: 'relu', kernelInitializer: init(4) }),
      tf.layers.dense({ units: classes, kernelInitializer: init(5) }),
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

export const lenetWorkload: Workload = {
  id: 'lenet',
  label: 'LeNet-5 training',
  description: `LeNet-5 (conv 6@5×5 pad 2, max-pool 2, conv 16@5×5, max-pool 2, 400-120-84-10, ReLU) on 28×28×1 random images, softmax cross entropy, SGD (lr ${LENET_SETUP.lr}), batch ${LENET_SETUP.batch}: training samples per second.`,
  cases: () => [
    {
      id: 'train',
      label: 'LeNet-5, batch 64',
      metrics: [
        {
          id: 'samplesPerSecond',
          label: '28×28×1, batch 64',
          unit: 'samples/s',
          better: 'higher',
          value: (m) => (LENET_SETUP.batch * m.iterations) / m.seconds,
        },
      ],
      libraries: {
        torchlet: trainerRunner(() => lenetTorchlet()),
        'tfjs-cpu': tfjsTrainerRunner('cpu', (tf) => lenetTfjs(tf)),
        'tfjs-wasm': tfjsTrainerRunner('wasm', (tf) => lenetTfjs(tf)),
        pytorch: pytorchRunner('lenet', { batch: LENET_SETUP.batch, lr: LENET_SETUP.lr, seed: 0 }),
      },
      omitted: { 'js-pytorch': 'has no convolution layer', 'ndarray-ops': 'not a training library' },
    },
  ],
};
