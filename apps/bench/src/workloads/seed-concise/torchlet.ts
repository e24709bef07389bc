import { manualSeed, sub, tensor, type Tensor } from '@torchlet/autograd';
import { DataLoader, syntheticData, TensorDataset } from '@torchlet/data';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';
import { SEED_SETUP, stepsPerRun, type SeedRun, type SeedRunOptions } from '../seed-run.js';

/** The tutorial's concise linear regression in torchlet: DataLoader, Sequential, MSELoss, SGD. */
export function seedConciseTorchlet({ epochs = SEED_SETUP.epochs, seed = 0 }: SeedRunOptions = {}): SeedRun {
  const { examples, batchSize, lr, trueB } = SEED_SETUP;
  manualSeed(seed);
  const trueW = tensor([...SEED_SETUP.conciseW]);
  const [features, labels] = syntheticData(trueW, trueB, examples);
  const loader = new DataLoader(new TensorDataset(features, labels), { batchSize, shuffle: true });
  const model = new Sequential(new Linear(2, 1));
  model[0].weight.data.normal_(0, 0.01);
  model[0].bias.data.fill_(0);
  const optimizer = new SGD(model.parameters(), { lr });
  const lossFunction = new MSELoss();

  const losses: number[] = [];
  const start = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const loss = lossFunction.forward(model.forward(x), y);
      loss.backward();
      optimizer.step();
    }
    losses.push(lossFunction.forward(model.forward(features), labels).item());
  }
  const seconds = (performance.now() - start) / 1000;

  const wError = sub(trueW, model[0].weight.data.reshape(trueW.shape)).abs().max() as Tensor;
  return {
    seconds,
    steps: stepsPerRun(epochs),
    losses,
    wError: wError.item(),
    bError: Math.abs(trueB - model[0].bias.data.item()),
  };
}
