import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadCheckpoint, readCheckpoint } from '../src/node/index.js';
import type { Manifest } from '../src/node/model-checkpoint.js';
import { bundleChild, startAndKill } from './fixtures/child-process.js';
import { trainingRun } from './fixtures/training-run.js';

// A training run killed with SIGKILL at random moments, 50 times, each run resuming from what
// the previous one left. `pnpm --filter @torchlet/checkpoint soak` runs the same with more kills.
const KILLS = Number(process.env['TORCHLET_CRASH_KILLS'] ?? 50);

let dir: string;
let child: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-train-crash-'));
  child = await bundleChild(new URL('fixtures/training-child.ts', import.meta.url), dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test.skipIf(process.platform === 'win32')(
  `training killed ${KILLS} times: every checkpoint present loads, and the best still scores what was recorded`,
  async () => {
    const runDir = join(dir, 'run');
    const reference = trainingRun(runDir);
    let lastEpoch = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      expect(await startAndKill(child, [runDir], 20 + Math.random() * 100)).toBe('SIGKILL');
      const files = (await readdir(runDir)).filter((f) => f.endsWith('.safetensors'));
      for (const file of files) await readCheckpoint(join(runDir, file)); // throws on a torn file
      const manifest = JSON.parse(await readFile(join(runDir, 'manifest.json'), 'utf8')) as Manifest;
      for (const record of [...manifest.best, ...manifest.periodic]) expect(files).toContain(record.file);
      const best = manifest.best[0]!;
      const model = reference.fresh();
      const restored = await loadCheckpoint(join(runDir, best.file), { model });
      expect(restored.metrics['valLoss']).toBe(best.score);
      expect(reference.valLoss(model)).toBe(best.score);
      expect(manifest.last!.epoch).toBeGreaterThanOrEqual(lastEpoch); // never goes back in time
      lastEpoch = manifest.last!.epoch;
    }
    expect(lastEpoch).toBeGreaterThanOrEqual(KILLS); // every run saved at least one epoch before its kill
    console.log(`training crash test: ${KILLS} kills, reached epoch ${lastEpoch}`);
  },
  300_000,
);
