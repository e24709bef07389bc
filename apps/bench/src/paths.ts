import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * apps/bench, found by walking up from this module to the package.json named @torchlet/bench:
 * the same answer from src/ (vitest) and from the bundle that scripts/run.mjs runs from
 * node_modules/.cache.
 */
function findBenchRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@torchlet/bench'
    )
      return directory;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find apps/bench above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
}

export const BENCH_ROOT = findBenchRoot();
export const REPOSITORY_ROOT = join(BENCH_ROOT, '..', '..');
/** Bundles, profiles: under node_modules, so git ignores them and bundles resolve the peers from there. */
export const CACHE_DIRECTORY = join(BENCH_ROOT, 'node_modules', '.cache', 'torchlet-bench');
