import { gradcheck, manualSeed, matmul, normal, tensor } from '@torchlet/autograd';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { model, ScaledSoftplus, trainStep } from './examples/custom-layer.js';
import { Linear, Sequential } from './index.js';

test('a user-defined layer with its own Parameters and a custom Function trains inside a Sequential', () => {
  manualSeed(0);
  const x = normal(0, 1, [64, 2]);
  const y = matmul(x, tensor([[1.5], [-2]]))
    .relu()
    .add(0.5);
  const first = trainStep(x, y, 0.05);
  let last = first;
  for (let i = 0; i < 300; i++) last = trainStep(x, y, 0.05);
  expect(last).toBeLessThan(first / 10);
  expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '1.scale', '1.shift', '2.weight', '2.bias']);
  expect(String(model)).toContain('(1): ScaledSoftplus(features=3)');

  const copy = new Sequential(new Linear(2, 3), new ScaledSoftplus(3), new Linear(3, 1));
  copy.loadStateDict(model.stateDict());
  expect(copy[1].toString()).toBe('ScaledSoftplus(features=3)');
  expect(copy.forward(x).toArray()).toEqual(model.forward(x).toArray());
});

test('the custom op inside passes gradcheck', () => {
  const layer = new ScaledSoftplus(3);
  const input = tensor([[-30, 0.1, 25]], { dtype: 'float64', requiresGrad: true });
  expect(gradcheck((t) => layer.forward(t), [input])).toBe(true);
});

test('the nn README shows exactly the example file', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./examples/custom-layer.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.slice(example.indexOf('/** softplus')).trim());
});
