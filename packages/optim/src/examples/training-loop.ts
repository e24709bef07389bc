import { Generator, matmul, randn, tensor, zeros } from '@torchlet/autograd';
import { SGD, StepLR } from '../index.js';

// Linear regression, y = X·w + b, fitted with SGD + momentum and a step-decayed lr.
const generator = new Generator(0);
const x = randn([1000, 2], { generator });
const y = matmul(x, tensor([[2], [-3.4]])).add(4.2);

const w = zeros([2, 1], { requiresGrad: true });
const b = zeros([1], { requiresGrad: true });
const optimizer = new SGD([w, b], { lr: 0.1, momentum: 0.5 });
const scheduler = new StepLR(optimizer, { stepSize: 30, gamma: 0.5 });

function trainEpoch(): number {
  optimizer.zeroGrad();
  const loss = matmul(x, w).add(b).sub(y).pow(2).mean();
  loss.backward();
  optimizer.step();
  scheduler.step();
  return loss.item();
}

for (let epoch = 0; epoch < 60; epoch++) trainEpoch();
// w ≈ [[2], [-3.4]], b ≈ [4.2]

// Save both states (tensors in them are copies) and resume later, here into fresh objects.
const saved = { optimizer: optimizer.stateDict(), scheduler: scheduler.stateDict() };
const resumed = new SGD([w, b], { lr: 0.1, momentum: 0.5 });
resumed.loadStateDict(saved.optimizer); // lr 0.025 (halved twice) and both momentum buffers come back
const resumedScheduler = new StepLR(resumed, { stepSize: 30, gamma: 0.5 });
resumedScheduler.loadStateDict(saved.scheduler);

export { b, optimizer, resumed, resumedScheduler, saved, scheduler, trainEpoch, w };
