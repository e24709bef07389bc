import { readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';

test('the README sequence example learns to predict the noisy sine wave one step ahead', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const { testLoss } = await import('./examples/sine-lstm.js');
  log.mockRestore();
  // The noise alone has variance 0.04; predicting the mean (0) would cost ~0.54.
  expect(testLoss).toBeLessThan(0.07);
});

test('the nn README shows exactly the sequence example file', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./examples/sine-lstm.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
});
