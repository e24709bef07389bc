import { describe, expect, test } from 'vitest';
import { EXTERNAL_PROCESS_TIMEOUT } from '../../../fixtures/external-tools.js';
import { bundleChildren } from './children/bundle.js';
import { rssGrowth, runChild } from './workloads/memory.js';

// Each test bundles and starts a node child process.
describe('the memory children', { timeout: EXTERNAL_PROCESS_TIMEOUT }, () => {
  test.each([
    ['seed-scratch-torchlet', []],
    ['seed-scratch-tfjs', ['cpu']],
    ['seed-scratch-js-pytorch', []],
  ] as const)('%s %s runs the seed program and reports RSS after each epoch and its peak', async (name, extra) => {
    const files = await bundleChildren();
    const report = await runChild(process.execPath, [files[name], '3', ...extra]);
    expect(report.epochs.map((epoch) => epoch.epoch)).toEqual([1, 2, 3]);
    for (const epoch of report.epochs) expect(epoch.rssMb).toBeGreaterThan(10);
    expect(report.maxRssMb).toBeGreaterThanOrEqual(Math.max(...report.epochs.map((epoch) => epoch.rssMb)) - 1);
  });

  test('a failing child is reported with the end of its stderr', async () => {
    await expect(runChild(process.execPath, ['-e', 'console.error("boom"); process.exit(3)'])).rejects.toThrow(
      /exited with code 3: boom/,
    );
  });
});

test('rssGrowth: from the given epoch to the last', () => {
  const epochs = [1, 2, 3, 4].map((epoch) => ({ epoch, rssMb: 50 + epoch, heapMb: 5 }));
  expect(rssGrowth(epochs, 2)).toEqual({ endMb: 54, growthMb: 2 });
  expect(() => rssGrowth(epochs, 9)).toThrow('no report for epoch 9');
});
