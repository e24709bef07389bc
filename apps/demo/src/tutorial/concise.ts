// The tutorial's concise implementation: the framework does the data, the model, the loss and
// the optimizer; only the loop is written by hand.
import { noGrad } from '@torchlet/autograd';
import { DataLoader, TensorDataset } from '@torchlet/data';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';
import type { RegressionData, RegressionEpoch, RegressionOptions } from './regression.js';

/** Trains Sequential(Linear(2, 1)) (built when iteration starts), one epoch per step. */
export function* conciseEpochs(data: RegressionData, options: RegressionOptions): Generator<RegressionEpoch> {
  const { features, labels } = data;
  const dataIter = new DataLoader(new TensorDataset(features, labels), { batchSize: options.batchSize, shuffle: true });

  const model = new Sequential(new Linear(2, 1));
  model[0].weight.data.normal_(0, 0.01);
  model[0].bias.data.fill_(0);
  const optimizer = new SGD(model.parameters(), { lr: options.lr });
  const lossFunction = new MSELoss();

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const [x, y] of dataIter) {
      optimizer.zeroGrad();
      const loss = lossFunction.forward(model.forward(x), y);
      loss.backward();
      optimizer.step();
    }
    const l = noGrad(() => lossFunction.forward(model.forward(features), labels));
    yield { epoch: epoch + 1, loss: l.item(), w: model[0].weight.data, b: model[0].bias.data };
  }
}
