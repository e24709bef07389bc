// "Images are numbers": hand-written 8×8 digits as 1-channel images [N, 1, 8, 8], read by a
// small convolutional network.
import type { Generator as RandomGenerator, Tensor } from '@torchlet/autograd';
import { stratifiedSplit, TensorDataset } from '@torchlet/data';
import { predictedClasses } from '@torchlet/metrics';
import { Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@torchlet/nn';
import type { Split } from './classifier-training.js';
import type { LabelledData } from './datasets.js';

/** Two 3×3 convolutions with max pooling, then a linear layer: about 6k parameters. */
export function digitsModel(): Sequential {
  return new Sequential(
    new Conv2d(1, 16, 3, { padding: 1 }), // [N, 16, 8, 8]
    new ReLU(),
    new MaxPool2d(2), // [N, 16, 4, 4]
    new Conv2d(16, 32, 3, { padding: 1 }), // [N, 32, 4, 4]
    new ReLU(),
    new MaxPool2d(2), // [N, 32, 2, 2]
    new Flatten(),
    new Linear(32 * 2 * 2, 10),
  );
}

/** Darkness 0..16 per pixel ([N, 64]) → the network's input: [N, 1, 8, 8] scaled to [0, 1]. */
export function digitImages(pixels: Tensor): Tensor {
  return pixels.div(16).reshape([pixels.shape[0]!, 1, 8, 8]);
}

/** A stratified 70/15/15 split of the digits as images. */
export function digitSplits(data: LabelledData, generator: RandomGenerator): { train: Split; val: Split; test: Split } {
  const [trainSet, valSet, testSet] = stratifiedSplit(
    new TensorDataset(digitImages(data.features), data.labels),
    data.labels,
    [0.7, 0.15, 0.15],
    { generator },
  );
  const split = (set: typeof trainSet): Split => {
    const [x, y] = set.getBatch([...set.indices.keys()]);
    return { x, y };
  };
  return { train: split(trainSet), val: split(valSet), test: split(testSet) };
}

const crossEntropy = new CrossEntropyLoss();

/** Cross-entropy of the 10 scores, and the class with the highest one. */
export const digitsScoring = {
  loss: (scores: Tensor, y: Tensor) => crossEntropy.forward(scores, y),
  predict: (scores: Tensor) => predictedClasses(scores),
} as const;
