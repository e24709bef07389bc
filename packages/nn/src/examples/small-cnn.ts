import { manualSeed, noGrad, randn, tensor, type Tensor } from '@torchlet/autograd';
import { BatchNorm2d, Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@torchlet/nn';

// A small CNN learns to tell a horizontal bar from a vertical one on noisy 8×8 grey images:
// images are [N, channels = 1, height, width], as in PyTorch.
manualSeed(0);

/** `count` noisy images with one bright bar each, and their labels (0 horizontal, 1 vertical). */
export function bars(count: number): { images: Tensor; labels: Tensor } {
  const pixels = randn([count, 1, 8, 8]).mul(0.3).toTypedArray();
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const vertical = n % 2;
    const line = 1 + ((n * 7) % 6);
    for (let i = 0; i < 8; i++) pixels[n * 64 + (vertical ? i * 8 + line : line * 8 + i)]! += 1;
    labels[n] = vertical;
  }
  return { images: tensor(pixels).reshape([count, 1, 8, 8]), labels: tensor(labels, { dtype: 'int32' }) };
}

export const model = new Sequential(
  new Conv2d(1, 8, 3, { padding: 1 }), // [N, 8, 8, 8]
  new BatchNorm2d(8),
  new ReLU(),
  new MaxPool2d(2), // [N, 8, 4, 4]
  new Conv2d(8, 16, 3, { padding: 1 }), // [N, 16, 4, 4]
  new ReLU(),
  new MaxPool2d(2), // [N, 16, 2, 2]
  new Flatten(),
  new Linear(16 * 2 * 2, 2),
);

const train = bars(256);
const lossFn = new CrossEntropyLoss();
for (let epoch = 0; epoch < 8; epoch++) {
  for (let start = 0; start < 256; start += 32) {
    const x = train.images.narrow(0, start, 32);
    const y = train.labels.narrow(0, start, 32);
    model.zeroGrad();
    lossFn.forward(model.forward(x), y).backward();
    // Plain SGD by hand (with @torchlet/optim: new SGD(model.parameters(), { lr: 0.1 }).step()).
    noGrad(() => {
      for (const p of model.parameters()) p.sub_(p.grad!.mul(0.1));
    });
  }
}

model.eval(); // BatchNorm now normalises with its running statistics
const test = bars(100);
const predicted = noGrad(() => model.forward(test.images).argmax(1));
export const accuracy = predicted.eq(test.labels).float().mean().item();
console.log(`test accuracy ${accuracy.toFixed(2)}`); // test accuracy 1.00
