import { manualSeed, matmul, normal, tensor, type Tensor } from '@torchlet/autograd';

/**
 * A dataset built to overfit, so the best epoch on validation is not the last: 40 examples with
 * 40 features of which only the first two matter (y = 2·x₀ - 3.4·x₁ + 4.2 + noise, noise std 1.5).
 * The 38 irrelevant features have a smaller scale (0.3), so SGD learns the signal in the first few
 * epochs and only then starts to memorise the noise through them: validation loss falls, then rises.
 */
export function overfittingData(seed: number): { features: Tensor; labels: Tensor } {
  manualSeed(seed);
  const dims = 40;
  const scale = tensor(Array.from({ length: dims }, (_, j) => (j < 2 ? 1 : 0.3)));
  const trueW = tensor(Array.from({ length: dims }, (_, j) => (j === 0 ? 2 : j === 1 ? -3.4 : 0)));
  const features = normal(0, 1, [40, dims]).mul(scale);
  const labels = matmul(features, trueW)
    .add(4.2)
    .add(normal(0, 1.5, [40]))
    .reshape([-1, 1]);
  return { features, labels };
}
