// The tutorial's linear regression from scratch, line for line: its own data generator,
// minibatch iterator, model, loss and SGD, with nothing from nn, optim or data.
import { matmul, noGrad, normal, randperm, tensor, zeros, type Tensor } from '@torchlet/autograd';
import type { RegressionData, RegressionEpoch, RegressionOptions } from './regression.js';

/** y = Xw + b + noise: features ~ N(0, 1), noise ~ N(0, 0.01²). */
function syntheticData(w: Tensor, b: number, numExamples: number): [Tensor, Tensor] {
  const x = normal(0, 1, [numExamples, w.shape[0]!]);
  let y = matmul(x, w).add(b);
  y = y.add(normal(0, 0.01, y.shape));
  return [x, y.reshape([-1, 1])];
}

/** The tutorial's data set: 1000 examples of true w = [2, -3.4], b = 4.2 (from the global generator). */
export function scratchData(): RegressionData {
  const trueW = tensor([2, -3.4]);
  const trueB = 4.2;
  const [features, labels] = syntheticData(trueW, trueB, 1000);
  return { features, labels, trueW, trueB };
}

/** Shuffles the example indices, then yields minibatches (the last one may be smaller). */
export function* dataIter(batchSize: number, features: Tensor, labels: Tensor): Generator<[Tensor, Tensor]> {
  const numExamples = features.shape[0]!;
  const indices = randperm(numExamples).toTypedArray();
  for (let i = 0; i < numExamples; i += batchSize) {
    const batchIndices = indices.subarray(i, Math.min(i + batchSize, numExamples));
    yield [features.indexSelect(0, batchIndices), labels.indexSelect(0, batchIndices)];
  }
}

function linreg(x: Tensor, w: Tensor, b: Tensor): Tensor {
  return matmul(x, w).add(b);
}

function squaredLoss(yHat: Tensor, y: Tensor): Tensor {
  return yHat.sub(y.reshape(yHat.shape)).pow(2).div(2);
}

function sgd(params: Tensor[], lr: number, batchSize: number): void {
  noGrad(() => {
    for (const param of params) {
      param.sub_(param.grad!.mul(lr / batchSize));
      param.grad!.zero_();
    }
  });
}

/** Trains w and b (initialised when iteration starts), one epoch per step of the iteration. */
export function* scratchEpochs(data: RegressionData, options: RegressionOptions): Generator<RegressionEpoch> {
  const { features, labels } = data;
  const w = normal(0, 0.01, [2, 1], { requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  const { lr, epochs, batchSize } = options;
  const net = linreg;
  const loss = squaredLoss;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [x, y] of dataIter(batchSize, features, labels)) {
      const l = loss(net(x, w, b), y);
      l.sum().backward();
      sgd([w, b], lr, batchSize);
    }
    const trainL = noGrad(() => loss(net(features, w, b), labels));
    yield { epoch: epoch + 1, loss: trainL.mean().item(), w, b };
  }
}
