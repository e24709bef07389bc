import { manualSeed, matmul, noGrad, normal, randperm, sub, tensor, zeros, type Tensor } from '@torchlet/autograd';
import { SEED_SETUP, stepsPerRun, type SeedRun, type SeedRunOptions } from '../seed-run.js';

/** The tutorial's from-scratch linear regression, line for line in torchlet. */
export function seedScratchTorchlet({ epochs = SEED_SETUP.epochs, seed = 0, onEpoch }: SeedRunOptions = {}): SeedRun {
  const { examples, batchSize, lr, trueB } = SEED_SETUP;
  manualSeed(seed);
  const trueW = tensor([...SEED_SETUP.scratchW]);
  // synthetic_data(true_w, true_b, 1000)
  const features = normal(0, 1, [examples, 2]);
  const labels = matmul(features, trueW)
    .add(trueB)
    .add(normal(0, 0.01, [examples]))
    .reshape([-1, 1]);

  const w = normal(0, 0.01, [2, 1], { requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  const linreg = (x: Tensor) => matmul(x, w).add(b);
  const squaredLoss = (yHat: Tensor, y: Tensor) => yHat.sub(y.reshape(yHat.shape)).pow(2).div(2);

  const losses: number[] = [];
  const start = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    // data_iter: shuffle the indices, gather each minibatch with them
    const indices = randperm(examples).toTypedArray();
    for (let i = 0; i < examples; i += batchSize) {
      const batchIndices = indices.subarray(i, Math.min(i + batchSize, examples));
      const x = features.indexSelect(0, batchIndices);
      const y = labels.indexSelect(0, batchIndices);
      const l = squaredLoss(linreg(x), y);
      l.sum().backward();
      noGrad(() => {
        for (const param of [w, b]) {
          param.sub_(param.grad!.mul(lr / batchSize));
          param.grad!.zero_();
        }
      });
    }
    losses.push(noGrad(() => squaredLoss(linreg(features), labels).mean().item()));
    onEpoch?.(epoch + 1, losses[epoch]!);
  }
  const seconds = (performance.now() - start) / 1000;

  const wError = sub(trueW, w.reshape(trueW.shape)).abs().max() as Tensor;
  return {
    seconds,
    steps: stepsPerRun(epochs),
    losses,
    wError: wError.item(),
    bError: Math.abs(trueB - b.item()),
  };
}
