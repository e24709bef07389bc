#!/usr/bin/env node
// Writes src/assets/digits-cnn.safetensors, the digits CNN the playground starts with: the best
// checkpoint on validation of `pnpm demo digits` (seed 0, its default settings), copied unchanged.
// The demo trains it from apps/demo/data/digits-8x8.csv, which the playground also bundles (it
// trains on the same file in the page). Run it again after changing the model or the data:
//   pnpm --filter @torchlet/playground digits-checkpoint
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../../demo/', import.meta.url));
const target = fileURLToPath(new URL('../src/assets/digits-cnn.safetensors', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'torchlet-digits-'));
try {
  const stdout = execFileSync(
    process.execPath,
    [
      '--conditions=@torchlet/source',
      '--import',
      'tsx',
      'src/main.ts',
      'digits',
      '--seed',
      '0',
      '--out',
      out,
      '--json',
    ],
    { cwd: demo, encoding: 'utf8' },
  );
  const summary = JSON.parse(stdout.trim().split('\n').at(-1));
  const best = readdirSync(summary.dir).find((name) => name.startsWith(`epoch=${summary.bestEpoch}-`));
  if (best === undefined) throw new Error(`no checkpoint of the best epoch (${summary.bestEpoch}) in ${summary.dir}`);
  copyFileSync(join(summary.dir, best), target);
  console.log(`digits-checkpoint: ${best} (test accuracy ${summary.testAccuracy.toFixed(4)}) -> ${target}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
