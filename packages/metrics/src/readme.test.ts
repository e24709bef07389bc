import { readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';

test('the README example runs and prints what its comments say', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import('./examples/readme.js');
  const printed = log.mock.calls.map((call) => call[0] as unknown);
  log.mockRestore();
  expect(printed[0]).toBe(0.75);
  expect(printed[1]).toEqual([
    [1, 0],
    [1, 2],
  ]);
  expect(printed[2]).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
});

test('the README shows exactly the example file', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
});
