import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// apps/playground bundles these folders for the browser: they may use no Node modules or globals.
test.each(['tutorial', 'plot'])('src/%s uses no Node modules or globals', (folder) => {
  const dir = fileURLToPath(new URL(`../${folder}/`, import.meta.url));
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  expect(files.length).toBeGreaterThan(1);
  for (const name of files) {
    const code = readFileSync(dir + name, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(code, name).not.toMatch(/from\s+['"](node:|fs|path|os|crypto|buffer)/);
    expect(code, name).not.toMatch(/\b(process|Buffer|require|__dirname)\b/);
    // Everything it imports is a package or a file of the same folder.
    for (const [, from] of code.matchAll(/from\s+['"]([^'"]+)['"]/g)) expect(from, name).toMatch(/^(@torchlet\/|\.\/)/);
  }
});
