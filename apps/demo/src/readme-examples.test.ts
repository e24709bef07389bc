import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test, vi } from 'vitest';

// Every TypeScript example of the root README runs as written. They are written into a folder of
// this app (which depends on every package, so their imports resolve as in a user's project).
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const folder = fileURLToPath(new URL('../.readme-examples/', import.meta.url));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('the root README has TypeScript examples', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(2);
});

test.each(blocks.map((code, i) => [i + 1, code] as const))('README example %i runs', async (i, code) => {
  mkdirSync(folder, { recursive: true });
  const file = `${folder}example-${i}.ts`;
  writeFileSync(file, `${code}\nexport {};\n`);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
  }
});
