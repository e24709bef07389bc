import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const src = fileURLToPath(new URL('.', import.meta.url));

function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node' ? [] : coreFiles(path);
    const isSource =
      entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test-util.ts');
    return isSource ? [path] : [];
  });
}

// The package root must load in a browser or worker: only src/node/ may touch Node APIs.
test('the core (everything outside src/node) uses no Node modules or globals', () => {
  const files = coreFiles(src);
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const code = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    const name = relative(src, file);
    expect(code, name).not.toMatch(/from\s+['"](node:|fs|path|os|crypto|buffer)/);
    expect(code, name).not.toMatch(/\b(process|Buffer|require|__dirname)\b/);
  }
});
