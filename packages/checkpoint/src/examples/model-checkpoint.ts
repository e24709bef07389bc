import { defaultGenerator, manualSeed, noGrad, tensor } from '@torchlet/autograd';
import { DataLoader, randomSplit, syntheticData, TensorDataset } from '@torchlet/data';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';
import { ModelCheckpoint } from '../node/index.js';

// The tutorial's model, trained on 80% of the data and validated on the rest.
manualSeed(0);
const [features, labels] = syntheticData(tensor([2, -3.4]), 4.2, 200);
const [train, val] = randomSplit(new TensorDataset(features, labels), [0.8, 0.2]);
const [valX, valY] = val.getBatch(Array.from({ length: val.length }, (_, i) => i));
const loader = new DataLoader(train, { batchSize: 10, shuffle: true });
const model = new Sequential(new Linear(2, 1));
const optimizer = new SGD(model.parameters(), { lr: 0.01 });
const lossFn = new MSELoss();
const generators = { default: defaultGenerator };
const loaders = { train: loader };
const epochs = 6;
function trainEpoch(): number {
  let total = 0;
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    optimizer.step();
    total += loss.item();
  }
  return total / loader.length;
}
const evaluate = () => noGrad(() => lossFn.forward(model.forward(valX), valY).item());

const checkpoint = new ModelCheckpoint({
  dir: 'runs/exp1',
  monitor: 'valLoss', // a metric passed to update(); missing → an error, not a skip
  mode: 'min', // or 'max' (accuracy)
  minDelta: 0, // an improvement must be larger than this
  saveTopK: 1, // best k files (-1: all, 0: none)
  saveLast: true, // last.safetensors
  everyNEpochs: 5, // periodic-epoch=5.safetensors, ... kept for good
  filename: 'epoch={epoch}-valLoss={valLoss:.4f}',
});
const resumed = await checkpoint.resume({ model, optimizer, generators, loaders }); // null on a fresh dir
for (let epoch = (resumed?.epoch ?? 0) + 1; epoch <= epochs; epoch++) {
  const trainLoss = trainEpoch();
  const valLoss = evaluate();
  const { isBest, saved, evicted } = await checkpoint.update({
    epoch,
    metrics: { trainLoss, valLoss },
    model,
    optimizer,
    generators,
    loaders,
  });
  console.log(
    `epoch ${epoch}: valLoss ${valLoss.toFixed(4)}${isBest ? ' (best)' : ''}, ${saved.length} saved, ${evicted.length} evicted`,
  );
}
const { bestPath, bestScore, lastPath } = checkpoint; // runs/exp1/epoch=6-valLoss=….safetensors, its valLoss, runs/exp1/last.safetensors

export { bestPath, bestScore, checkpoint, lastPath, resumed };
