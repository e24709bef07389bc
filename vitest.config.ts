import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

// One project per workspace package, named after it, so `vitest --project @torchlet/x` runs one.
function projectsUnder(folder: string) {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
    .map((entry) => ({
      extends: true as const,
      test: {
        name: `@torchlet/${entry.name}`,
        root: join(dir, entry.name),
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    }));
}

export default defineConfig({
  root,
  // Workspace packages resolve to their TypeScript sources, so tests never need a build first.
  resolve: { conditions: ['@torchlet/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@torchlet/source', 'module', 'node', 'import', 'default'] } },
  test: {
    projects: [...projectsUnder('packages'), ...projectsUnder('apps')],
    testTimeout: 30_000,
    // Hooks bundle child programs, load tfjs or start python: setup work that a loaded 2-core
    // machine can slow far past vitest's 10 s default.
    hookTimeout: 120_000,
    // Records each test's duration against its timeout when scripts/test-budget.mjs asks for it.
    setupFiles: [join(root, 'fixtures', 'test-budget.setup.ts')],
  },
});
