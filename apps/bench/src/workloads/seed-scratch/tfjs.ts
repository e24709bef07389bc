import type * as tfTypes from '@tensorflow/tfjs';
import { SeededRandom } from '../../random.js';
import type { Tfjs } from '../../tfjs.js';
import { maxAbsDifference, SEED_SETUP, stepsPerRun, type SeedRun, type SeedRunOptions } from '../seed-run.js';

/**
 * The from-scratch loop in TensorFlow.js: variables, `tf.variableGrads` for the gradients, a
 * manual SGD step with `assign`, `tf.gather` for the minibatches and `tf.tidy` around each step
 * (tfjs frees nothing by itself). Runs on whichever backend is active.
 */
export function seedScratchTfjs(
  tf: Tfjs,
  { epochs = SEED_SETUP.epochs, seed = 0, onEpoch }: SeedRunOptions = {},
): SeedRun {
  const { examples, batchSize, lr, trueB } = SEED_SETUP;
  const trueW = tf.tensor2d([...SEED_SETUP.scratchW], [2, 1]);
  const features = tf.randomNormal([examples, 2], 0, 1, 'float32', seed + 1);
  const labels = tf.tidy(() =>
    features
      .matMul(trueW)
      .add(trueB)
      .add(tf.randomNormal([examples, 1], 0, 0.01, 'float32', seed + 2)),
  );
  // tidy frees the initial values; variables outlive it. (tfjs ignores a seed of 0: hence seed + 1.)
  const w = tf.tidy(() => tf.variable(tf.randomNormal([2, 1], 0, 0.01, 'float32', seed + 3)));
  const b = tf.tidy(() => tf.variable(tf.zeros([1])));
  const linreg = (x: tfTypes.Tensor) => x.matMul(w).add(b);
  const squaredLoss = (yHat: tfTypes.Tensor, y: tfTypes.Tensor) => yHat.sub(y.reshape(yHat.shape)).square().div(2);
  const random = new SeededRandom(seed);

  const losses: number[] = [];
  const start = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const indices = random.permutation(examples);
    for (let i = 0; i < examples; i += batchSize) {
      tf.tidy(() => {
        const batchIndices = tf.tensor1d(indices.subarray(i, Math.min(i + batchSize, examples)), 'int32');
        const x = tf.gather(features, batchIndices);
        const y = tf.gather(labels, batchIndices);
        const { grads } = tf.variableGrads(() => squaredLoss(linreg(x), y).sum() as tfTypes.Scalar, [w, b]);
        w.assign(w.sub(grads[w.name]!.mul(lr / batchSize)));
        b.assign(b.sub(grads[b.name]!.mul(lr / batchSize)));
      });
    }
    losses.push(tf.tidy(() => squaredLoss(linreg(features), labels).mean().dataSync()[0]!));
    onEpoch?.(epoch + 1, losses[epoch]!);
  }
  const seconds = (performance.now() - start) / 1000;

  const learnedW = w.dataSync();
  const learnedB = b.dataSync()[0]!;
  tf.dispose([trueW, features, labels, w, b]);
  return {
    seconds,
    steps: stepsPerRun(epochs),
    losses,
    wError: maxAbsDifference(SEED_SETUP.scratchW, learnedW),
    bError: Math.abs(trueB - learnedB),
  };
}
