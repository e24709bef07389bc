import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadTfjs, type Tfjs } from './tfjs.js';

const require = createRequire(import.meta.url);

/**
 * Loads tfjs inside vitest. tfjs's Node bundle does `require('long')` (a dependency it does not
 * declare; pnpm's hoisting gives it long 5), and vitest runs its workers with the root config's
 * resolve conditions as Node flags, `--conditions import` among them. That require then loads
 * long's ES build, and tfjs's namespace interop misses `Long.fromString`, so tfjs fails to load.
 * Registering long's CommonJS build under the path the require resolves to restores what plain
 * `node` (and the bench, bundled by scripts/run.mjs) loads. Tests only.
 */
export function loadTfjsInVitest(): Promise<Tfjs> {
  const fromTfjs = createRequire(require.resolve('@tensorflow/tfjs'));
  const resolved = fromTfjs.resolve('long');
  const commonJs = join(dirname(resolved), 'umd', 'index.js');
  if (resolved !== commonJs) {
    const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
    const long = new Module(resolved);
    long.filename = resolved;
    long.loaded = true;
    long.exports = require(commonJs);
    cache[resolved] = long;
  }
  return loadTfjs();
}
