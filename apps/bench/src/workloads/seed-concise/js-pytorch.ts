import { torch } from 'js-pytorch';
import { maxAbsDifference, SEED_SETUP, stepsPerRun, type SeedRun, type SeedRunOptions } from '../seed-run.js';
import { meanSquaredError, seedData, sgdStep } from '../seed-scratch/js-pytorch.js';

/**
 * The concise loop in js-pytorch: `nn.Linear(2, 1)` and `nn.MSELoss`. js-pytorch has no
 * DataLoader (batches are gathered with `at`) and no SGD (the step is written on the data).
 * Its MSELoss divides the mean by the batch size once more (Σ/B²), so the step uses lr·B to
 * make the same update as the seed's.
 */
export function seedConciseJsPytorch({ epochs = SEED_SETUP.epochs, seed = 0 }: SeedRunOptions = {}): SeedRun {
  const { examples, batchSize, lr, trueB } = SEED_SETUP;
  const data = seedData(SEED_SETUP.conciseW, seed);
  const features = torch.tensor(data.features);
  const labels = torch.tensor(data.labels);
  const model = new torch.nn.Linear(2, 1);
  model.W._data = data.w;
  model.b._data = [0];
  const lossFunction = new torch.nn.MSELoss();
  const params = [model.W, model.b];

  const losses: number[] = [];
  const start = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const indices = data.random.permutation(examples);
    for (let i = 0; i < examples; i += batchSize) {
      const batchIndices = Array.from(indices.subarray(i, Math.min(i + batchSize, examples)));
      const loss = lossFunction.forward(model.forward(features.at(batchIndices)), labels.at(batchIndices));
      loss.backward();
      sgdStep(params, lr * batchIndices.length);
    }
    losses.push(meanSquaredError(model.forward(features).data as number[][], data.labels));
  }
  const seconds = (performance.now() - start) / 1000;

  return {
    seconds,
    steps: stepsPerRun(epochs),
    losses,
    wError: maxAbsDifference(
      SEED_SETUP.conciseW,
      (model.W.data as number[][]).map((row) => row[0]!),
    ),
    bError: Math.abs(trueB - (model.b.data as number[])[0]!),
  };
}
