import type * as tfTypes from '@tensorflow/tfjs';
import type { Tfjs } from '../../tfjs.js';
import { maxAbsDifference, SEED_SETUP, stepsPerRun, type SeedRun, type SeedRunOptions } from '../seed-run.js';

/**
 * The concise loop as tfjs users write it: a layers model (one dense unit), compiled with SGD and
 * mean squared error, trained by `model.fit` with shuffled batches of 10. After each epoch the
 * full-data loss is computed, as the seed does. (fit shuffles with Math.random: not seedable.)
 */
export async function seedConciseTfjs(
  tf: Tfjs,
  { epochs = SEED_SETUP.epochs, seed = 0 }: SeedRunOptions = {},
): Promise<SeedRun> {
  const { examples, batchSize, lr, trueB } = SEED_SETUP;
  const trueW = tf.tensor2d([...SEED_SETUP.conciseW], [2, 1]);
  // tfjs ignores a seed of 0, hence seed + 1.
  const features = tf.randomNormal([examples, 2], 0, 1, 'float32', seed + 1);
  const labels = tf.tidy(() =>
    features
      .matMul(trueW)
      .add(trueB)
      .add(tf.randomNormal([examples, 1], 0, 0.01, 'float32', seed + 2)),
  );
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 1,
        inputShape: [2],
        kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: seed + 3 }),
        biasInitializer: 'zeros',
      }),
    ],
  });
  const optimizer = tf.train.sgd(lr);
  model.compile({ optimizer, loss: 'meanSquaredError' });

  const losses: number[] = [];
  const start = performance.now();
  await model.fit(features, labels, {
    batchSize,
    epochs,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onEpochEnd: () => {
        losses.push(
          tf.tidy(() => tf.losses.meanSquaredError(labels, model.predict(features) as tfTypes.Tensor).dataSync()[0]!),
        );
      },
    },
  });
  const seconds = (performance.now() - start) / 1000;

  const [kernel, bias] = model.getWeights() as [tfTypes.Tensor, tfTypes.Tensor];
  const result: SeedRun = {
    seconds,
    steps: stepsPerRun(epochs),
    losses,
    wError: maxAbsDifference(SEED_SETUP.conciseW, kernel.dataSync()),
    bError: Math.abs(trueB - bias.dataSync()[0]!),
  };
  model.dispose();
  optimizer.dispose();
  tf.dispose([trueW, features, labels]);
  return result;
}
