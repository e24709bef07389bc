import { expect, test } from 'vitest';
import { manualSeed, matmul, noGrad, normal, randperm, sub, tensor, zeros, type Tensor } from './index.js';

test('the seed scratch loop converges and prints its closing lines like PyTorch', () => {
  manualSeed(0);
  const trueW = tensor([2, -3.4]);
  const trueB = 4.2;
  const features = normal(0, 1, [1000, 2]);
  const labels = matmul(features, trueW)
    .add(trueB)
    .add(normal(0, 0.01, [1000]))
    .reshape([-1, 1]);
  const w = normal(0, 0.01, [2, 1], { requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  const linreg = (x: Tensor) => matmul(x, w).add(b);
  const squaredLoss = (yHat: Tensor, y: Tensor) => yHat.sub(y.reshape(yHat.shape)).pow(2).div(2);
  let finalLoss = Number.NaN;
  for (let epoch = 0; epoch < 3; epoch++) {
    const order = randperm(1000).toTypedArray();
    for (let i = 0; i < 1000; i += 10) {
      const batch = Array.from(order.subarray(i, i + 10));
      const l = squaredLoss(linreg(features.indexSelect(0, batch)), labels.indexSelect(0, batch));
      l.sum().backward();
      noGrad(() => {
        for (const p of [w, b]) {
          p.sub_(p.grad!.mul(0.03 / 10));
          p.grad!.zero_();
        }
      });
    }
    finalLoss = noGrad(() => squaredLoss(linreg(features), labels))
      .mean()
      .item();
  }
  expect(finalLoss).toBeLessThan(2e-4);
  const wErr = sub(trueW, w.reshape(trueW.shape));
  const bErr = sub(trueB, b);
  expect(Math.max(...Array.from(wErr.abs().toTypedArray()), bErr.abs().item())).toBeLessThan(0.01);
  expect(`w的估计误差:${wErr}`).toMatch(
    /^w的估计误差:tensor\(\[ ?-?\d\.\d{4}, ?-?\d\.\d{4}\], grad_fn=<SubBackward0>\)$/,
  );
  expect(`b的估计误差:${bErr}`).toMatch(/^b的估计误差:tensor\(\[-?\d\.\d{4}\], grad_fn=<RsubBackward1>\)$/);
});
