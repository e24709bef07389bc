import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BENCH_ROOT, CACHE_DIRECTORY } from '../paths.js';

const CHILD_SOURCES = join(BENCH_ROOT, 'src', 'children');

/** The programs the bench runs as processes of their own (src/children/<name>.ts). */
export const CHILDREN = [
  'seed-scratch-torchlet',
  'seed-scratch-tfjs',
  'seed-scratch-js-pytorch',
  'seed-cold-torchlet',
  'seed-cold-tfjs',
  'seed-cold-js-pytorch',
] as const;
export type ChildName = (typeof CHILDREN)[number];

let bundled: Promise<Record<ChildName, string>> | null = null;

/**
 * Bundles each child program into one plain .mjs (Node 20 runs no TypeScript), torchlet's
 * sources included, the peers left to node_modules: what a user's build would ship. One file per
 * library, so a child loads only its own library.
 */
export function bundleChildren(): Promise<Record<ChildName, string>> {
  bundled ??= (async () => {
    await mkdir(CACHE_DIRECTORY, { recursive: true });
    await build({
      entryPoints: CHILDREN.map((name) => join(CHILD_SOURCES, `${name}.ts`)),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@torchlet/source'],
      external: ['@tensorflow/*', 'js-pytorch'],
      outdir: CACHE_DIRECTORY,
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
    });
    return Object.fromEntries(CHILDREN.map((name) => [name, join(CACHE_DIRECTORY, `${name}.mjs`)])) as Record<
      ChildName,
      string
    >;
  })();
  return bundled;
}
