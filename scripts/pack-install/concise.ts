// The tutorial's concise loop with @torchlet/data, @torchlet/nn and @torchlet/optim installed.
import { manualSeed, noGrad, tensor } from '@torchlet/autograd';
import { DataLoader, syntheticData, TensorDataset } from '@torchlet/data';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';

manualSeed(0);
const [features, labels] = syntheticData(tensor([2, -3.14]), 4.2, 1000);
const loader = new DataLoader(new TensorDataset(features, labels), { batchSize: 10, shuffle: true });
const model = new Sequential(new Linear(2, 1));
model[0].weight.data.normal_(0, 0.01);
model[0].bias.data.fill_(0);
const optimizer = new SGD(model.parameters(), { lr: 0.03 });
const lossFn = new MSELoss();
for (let epoch = 0; epoch < 3; epoch++) {
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    lossFn.forward(model.forward(x), y).backward();
    optimizer.step();
  }
}
const loss = noGrad(() => lossFn.forward(model.forward(features), labels)).item();
if (!(loss < 2e-4)) throw new Error(`loss ${loss}`);
console.log('data + nn + optim ok');
