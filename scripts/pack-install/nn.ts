// @torchlet/nn and its dependencies: a Linear trained by hand, state dict keys, printing.
import { manualSeed, noGrad, normal, tensor } from '@torchlet/autograd';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';

manualSeed(0);
const x = normal(0, 1, [100, 2]);
const y = x.matmul(tensor([[2], [-3.4]])).add(4.2);
const model = new Sequential(new Linear(2, 1));
const lossFn = new MSELoss();
let loss = Infinity;
for (let step = 0; step < 200; step++) {
  model.zeroGrad();
  const l = lossFn.forward(model.forward(x), y);
  l.backward();
  noGrad(() => {
    for (const p of model.parameters()) p.sub_(p.grad!.mul(0.1));
  });
  loss = l.item();
}
if (!(loss < 1e-4)) throw new Error(`did not converge: ${loss}`);
if (Object.keys(model.stateDict()).join() !== '0.weight,0.bias') throw new Error('state dict keys');
if (!String(model).includes('(0): Linear(in_features=2, out_features=1, bias=True)')) throw new Error(String(model));
console.log('nn ok');
