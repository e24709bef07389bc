import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadCheckpoint, ModelCheckpoint, readCheckpoint } from '../src/node/index.js';
import type { Manifest } from '../src/node/model-checkpoint.js';
import { bundleChild, startAndKill } from './fixtures/child-process.js';
import { checkpointOptions, trainingRun } from './fixtures/training-run.js';

// A training run killed with SIGKILL at random moments, 25 times, each run resuming from what
// the previous one left. model-checkpoint.steps.test.ts kills a save at every one of its steps;
// this test checks the same with real processes and real timing.
// `pnpm --filter @torchlet/checkpoint soak` runs the same with 500 kills.
const KILLS = Number(process.env['TORCHLET_CRASH_KILLS'] ?? 25);

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
      // What the next run sees when it opens the directory: a manifest that lists every
      // checkpoint file present (the killed run's uncommitted files recorded or removed).
      const recovered = new ModelCheckpoint(checkpointOptions(runDir));
      await recovered.open();
      const listed = new Set(
        [...recovered.state.best, ...recovered.state.periodic, recovered.state.last!].map((r) => r.file),
      );
      const present = (await readdir(runDir)).filter((f) => f !== 'manifest.json');
      expect(present.sort()).toEqual([...listed].sort());
      expect(recovered.state.last!.epoch).toBeGreaterThanOrEqual(lastEpoch);
    }
    expect(lastEpoch).toBeGreaterThanOrEqual(KILLS); // every run saved at least one epoch before its kill
    console.log(`training crash test: ${KILLS} kills, reached epoch ${lastEpoch}`);
  },
  300_000,
);
