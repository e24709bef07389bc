import { expect, test } from 'vitest';
import { machineInfo, packageVersion } from './machine.js';

test('package versions: workspace packages, peers that export no package.json, missing ones', () => {
  expect(packageVersion('@torchlet/autograd')).toMatch(/^\d+\.\d+\.\d+/);
  expect(packageVersion('js-pytorch')).toMatch(/^0\.7\./);
  expect(packageVersion('ndarray-ops')).toMatch(/^\d+\.\d+\.\d+/);
  expect(packageVersion('no-such-package-here')).toBeNull();
});

test('machine info names the CPU, cores, Node and the date', () => {
  const info = machineInfo(new Date('2026-01-02T03:04:05Z'));
  expect(info.cores).toBeGreaterThan(0);
  expect(info.node).toBe(process.versions.node);
  expect(info.date).toBe('2026-01-02T03:04:05.000Z');
  expect(info.loadAverage.start).toBeGreaterThanOrEqual(0);
});
