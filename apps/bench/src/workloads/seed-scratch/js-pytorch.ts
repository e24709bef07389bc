import { torch } from 'js-pytorch';
import { SeededRandom, toRows } from '../../random.js';
import { maxAbsDifference, SEED_SETUP, stepsPerRun, type SeedRun, type SeedRunOptions } from '../seed-run.js';

type JsTensor = InstanceType<typeof torch.Tensor>;

/** Data and initial weights drawn from a seeded stream: js-pytorch draws from Math.random. */
export function seedData(trueW: readonly number[], seed: number) {
  const { examples, trueB } = SEED_SETUP;
  const random = new SeededRandom(seed);
  const x = random.normals(examples * 2);
  const y = new Float64Array(examples);
  for (let i = 0; i < examples; i++)
    y[i] = x[2 * i]! * trueW[0]! + x[2 * i + 1]! * trueW[1]! + trueB + 0.01 * random.normal();
  return { random, features: toRows(x, 2), labels: toRows(y, 1), w: toRows(random.normals(2, 0, 0.01), 1) };
}

/** Mean of `(prediction - label)² · scale` over nested [n, 1] rows. */
export function meanSquaredError(prediction: number[][], labels: number[][], scale = 1): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += (prediction[i]![0]! - labels[i]![0]!) ** 2;
  return (total * scale) / labels.length;
}

/** param ← param − lr·grad on the data, outside the graph; then clears the gradient. */
export function sgdStep(params: readonly JsTensor[], lr: number): void {
  for (const param of params) {
    param._data = new torch.Tensor(param._data).sub(param._grad.mul(lr))._data;
    param.zero_grad();
  }
}

/**
 * The from-scratch loop in js-pytorch: nested-array tensors with autograd, `at(indices)` for the
 * minibatches; js-pytorch has no no-grad mode or SGD, so the update is written on the data.
 */
export function seedScratchJsPytorch({ epochs = SEED_SETUP.epochs, seed = 0, onEpoch }: SeedRunOptions = {}): SeedRun {
  const { examples, batchSize, lr, trueB } = SEED_SETUP;
  const data = seedData(SEED_SETUP.scratchW, seed);
  const features = torch.tensor(data.features);
  const labels = torch.tensor(data.labels);
  const w = torch.tensor(data.w, true);
  const b = torch.zeros([1], true);
  const linreg = (x: JsTensor) => x.matmul(w).add(b);
  const squaredLoss = (yHat: JsTensor, y: JsTensor) => yHat.sub(y.reshape(yHat.shape)).pow(2).div(2);

  const losses: number[] = [];
  const start = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const indices = data.random.permutation(examples);
    for (let i = 0; i < examples; i += batchSize) {
      const batchIndices = Array.from(indices.subarray(i, Math.min(i + batchSize, examples)));
      const l = squaredLoss(linreg(features.at(batchIndices)), labels.at(batchIndices));
      l.sum().backward();
      sgdStep([w, b], lr / batchSize);
    }
    losses.push(meanSquaredError(linreg(features).data as number[][], data.labels, 0.5));
    onEpoch?.(epoch + 1, losses[epoch]!);
  }
  const seconds = (performance.now() - start) / 1000;

  return {
    seconds,
    steps: stepsPerRun(epochs),
    losses,
    wError: maxAbsDifference(
      SEED_SETUP.scratchW,
      (w.data as number[][]).map((row) => row[0]!),
    ),
    bError: Math.abs(trueB - (b.data as number[])[0]!),
  };
}
