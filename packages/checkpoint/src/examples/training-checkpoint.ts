import { defaultGenerator, manualSeed, noGrad, tensor } from '@torchlet/autograd';
import { DataLoader, syntheticData, TensorDataset } from '@torchlet/data';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';
import { SGD, StepLR } from '@torchlet/optim';
import { loadCheckpoint, saveCheckpoint } from '../node/index.js';

// A few epochs of the tutorial's training, for something to save.
manualSeed(0);
const [features, labels] = syntheticData(tensor([2, -3.4]), 4.2, 100);
const loader = new DataLoader(new TensorDataset(features, labels), { batchSize: 10, shuffle: true });
const model = new Sequential(new Linear(2, 1));
const optimizer = new SGD(model.parameters(), { lr: 0.03, momentum: 0.9 });
const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
const lossFn = new MSELoss();
const history: number[] = [];
for (let e = 0; e < 3; e++) {
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    lossFn.forward(model.forward(x), y).backward();
    optimizer.step();
  }
  scheduler.step();
  history.push(noGrad(() => lossFn.forward(model.forward(features), labels).item()));
}
const trainLoss = history[history.length - 1]!;
const valLoss = trainLoss;
const saved = { weight: model[0].weight.toArray(), lr: optimizer.paramGroups[0]!.lr };

// One epoch's worth of state, in one file:
await saveCheckpoint('runs/exp1/epoch-3.safetensors', {
  model,
  optimizer,
  scheduler,
  epoch: 3,
  step: 300,
  metrics: { trainLoss, valLoss },
  generators: { default: defaultGenerator }, // random streams (dropout, shuffling, init)
  loaders: { train: loader }, // the DataLoader's shuffle state
  extra: { history }, // anything JSON can hold (plus tensors, bytes)
});

// In a new process: rebuild model/optimizer/loader as before, then
const { epoch, metrics } = await loadCheckpoint('runs/exp1/epoch-3.safetensors', {
  model,
  optimizer,
  scheduler,
  generators: { default: defaultGenerator },
  loaders: { train: loader },
});

export { epoch, metrics, model, optimizer, saved, valLoss };
