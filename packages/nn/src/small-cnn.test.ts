import { readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';

test('the README CNN example trains to full accuracy on held-out images', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const { accuracy, model } = await import('./examples/small-cnn.js');
  log.mockRestore();
  expect(accuracy).toBeGreaterThanOrEqual(0.97);
  expect(Object.keys(model.stateDict())).toContain('1.running_mean');
});

test('the nn README shows exactly the CNN example file', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./examples/small-cnn.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
});
