// Runs one of the bench's entry points, src/<name>.ts, as plain JavaScript:
//
//   node scripts/run.mjs main --quick      (pnpm bench --quick)
//   node scripts/run.mjs profile 100       (pnpm --filter @torchlet/bench run profile 100)
//
// esbuild bundles the entry with torchlet's TypeScript sources into one .mjs under
// node_modules/.cache (the peers stay in node_modules and load as their users load them), then
// this process imports it. Not tsx: tsx compiles with keepNames, which wraps every function
// torchlet creates at run time in a `__name()` call — a cost a real build does not have, charged
// to torchlet alone (about 3% of the seed loop).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [name = 'main', ...args] = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));
const directory = join(root, 'node_modules', '.cache', 'torchlet-bench');
mkdirSync(directory, { recursive: true });
const outfile = join(directory, `${name}.mjs`);
await build({
  entryPoints: [join(root, 'src', `${name}.ts`)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@torchlet/source'],
  external: ['@tensorflow/*', 'js-pytorch', 'ndarray', 'ndarray-ops', 'esbuild'],
  sourcemap: 'external',
  outfile,
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
