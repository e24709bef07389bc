// The tutorial's concise implementation: the framework does the data, the model, the loss and
// the optimizer; only the loop is written by hand.
import { manualSeed, noGrad, sub, tensor, type Tensor } from '@torchlet/autograd';
import { DataLoader, syntheticData, TensorDataset } from '@torchlet/data';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';
import { epochLine, errorLabels } from '../labels.js';
import type { Output } from '../output.js';
import type { ScratchOptions, ScratchResult } from './scratch.js';

export function runConcise(options: ScratchOptions, out: Output): ScratchResult {
  manualSeed(options.seed);
  const trueW = tensor([2, -3.14]);
  const trueB = 4.2;
  const [features, labels] = syntheticData(trueW, trueB, 1000);
  const dataIter = new DataLoader(new TensorDataset(features, labels), { batchSize: options.batchSize, shuffle: true });

  const model = new Sequential(new Linear(2, 1));
  model[0].weight.data.normal_(0, 0.01);
  model[0].bias.data.fill_(0);
  const optimizer = new SGD(model.parameters(), { lr: options.lr });
  const lossFunction = new MSELoss();

  const losses: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const [x, y] of dataIter) {
      optimizer.zeroGrad();
      const loss = lossFunction.forward(model.forward(x), y);
      loss.backward();
      optimizer.step();
    }
    const l = noGrad(() => lossFunction.forward(model.forward(features), labels));
    losses.push(l.item());
    out.line(epochLine(epoch + 1, losses[epoch]!));
  }
  const labelsText = errorLabels(options.lang);
  const wError: Tensor = sub(trueW, model[0].weight.data.reshape(trueW.shape));
  const bError: Tensor = sub(trueB, model[0].bias.data);
  out.line(`${labelsText.w}${wError}`);
  out.line(`${labelsText.b}${bError}`);
  return { losses, wError, bError };
}
