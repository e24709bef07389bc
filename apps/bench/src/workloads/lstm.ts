import { manualSeed, tensor } from '@torchlet/autograd';
import { CrossEntropyLoss, Linear, LSTM } from '@torchlet/nn';
import type * as tfTypes from '@tensorflow/tfjs';
import { pytorchRunner } from '../pytorch-worker.js';
import { SeededRandom } from '../random.js';
import type { Tfjs } from '../tfjs.js';
import type { Workload } from '../workload.js';
import { tfjsTrainerRunner, torchletSgdTrainer, trainerRunner, type Trainer } from './trainer.js';

/** A word-level language model's shape: LSTM(64 → 256) then Linear(256 → 64), 35 steps, batch 32. */
export const LSTM_SETUP = { inputs: 64, hidden: 256, classes: 64, steps: 35, batch: 32, lr: 0.1 } as const;

export interface LstmOptions {
  batch?: number;
  steps?: number;
  lr?: number;
  seed?: number;
}

/** Random inputs [steps, batch, 64] ~ N(0, 1) and a target class per step and sequence. */
export function lstmBatch(steps: number, batch: number, seed: number): { x: Float32Array; y: Int32Array } {
  const random = new SeededRandom(seed + 23);
  return {
    x: random.normals(steps * batch * LSTM_SETUP.inputs),
    y: random.integers(steps * batch, LSTM_SETUP.classes),
  };
}

export function lstmTorchlet({
  batch = LSTM_SETUP.batch,
  steps = LSTM_SETUP.steps,
  lr = LSTM_SETUP.lr,
  seed = 0,
}: LstmOptions = {}): Trainer {
  const { inputs, hidden, classes } = LSTM_SETUP;
  manualSeed(seed);
  const data = lstmBatch(steps, batch, seed);
  const x = tensor(data.x).reshape([steps, batch, inputs]);
  const y = tensor(data.y, { dtype: 'int32' });
  const lstm = new LSTM(inputs, hidden);
  const head = new Linear(hidden, classes);
  const lossFunction = new CrossEntropyLoss();
  return torchletSgdTrainer([...lstm.parameters(), ...head.parameters()], lr, () => {
    const [output] = lstm.forward(x);
    return lossFunction.forward(head.forward(output.reshape([steps * batch, hidden])), y);
  });
}

/** tfjs: the same model as a layers model (batch-major, as tfjs's LSTM reads it), `optimizer.minimize`. */
export function lstmTfjs(
  tf: Tfjs,
  { batch = LSTM_SETUP.batch, steps = LSTM_SETUP.steps, lr = LSTM_SETUP.lr, seed = 0 }: LstmOptions = {},
): Trainer {
  const { inputs, hidden, classes } = LSTM_SETUP;
  const data = lstmBatch(steps, batch, seed);
  const x = tf.tidy(() => tf.tensor3d(data.x, [steps, batch, inputs]).transpose([1, 0, 2]));
  const y = tf.tidy(() => tf.oneHot(tf.tensor2d(data.y, [steps, batch], 'int32').transpose(), classes));
  const model = tf.sequential({
    layers: [
      tf.layers.lstm({
        units: hidden,
        returnSequences: true,
        inputShape: [steps, inputs],
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({ units: classes, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  const optimizer = tf.train.sgd(lr);
  let last: tfTypes.Scalar | null = null;
  return {
    step() {
      const cost = tf.tidy(() =>
        optimizer.minimize(() => {
          const logits = (model.apply(x) as tfTypes.Tensor).reshape([-1, classes]);
          return tf.losses.softmaxCrossEntropy(y.reshape([-1, classes]), logits) as tfTypes.Scalar;
        }, true)!,
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

const TOKENS = LSTM_SETUP.steps * LSTM_SETUP.batch;

export const lstmWorkload: Workload = {
  id: 'lstm',
  label: 'LSTM training',
  description: `LSTM(${LSTM_SETUP.inputs} → ${LSTM_SETUP.hidden}) + Linear(${LSTM_SETUP.hidden} → ${LSTM_SETUP.classes}) over ${LSTM_SETUP.steps} steps, batch ${LSTM_SETUP.batch}, random inputs, cross entropy at every step, SGD (lr ${LSTM_SETUP.lr}): training tokens (steps × sequences) per second.`,
  cases: () => [
    {
      id: 'train',
      label: 'LSTM 64-256, 35 steps, batch 32',
      metrics: [
        {
          id: 'tokensPerSecond',
          label: '64→256, 35 steps, batch 32',
          unit: 'tokens/s',
          better: 'higher',
          value: (m) => (TOKENS * m.iterations) / m.seconds,
        },
      ],
      libraries: {
        torchlet: trainerRunner(() => lstmTorchlet()),
        'tfjs-cpu': tfjsTrainerRunner('cpu', (tf) => lstmTfjs(tf)),
        'tfjs-wasm': tfjsTrainerRunner('wasm', (tf) => lstmTfjs(tf)),
        pytorch: pytorchRunner('lstm', {
          batch: LSTM_SETUP.batch,
          steps: LSTM_SETUP.steps,
          lr: LSTM_SETUP.lr,
          seed: 0,
        }),
      },
      omitted: { 'js-pytorch': 'has no recurrent layer', 'ndarray-ops': 'not a training library' },
    },
  ],
};
