import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cleanStaleTempFiles } from '../src/node/write-file-atomic.js';
import { decodeSafetensors } from '../src/safetensors.js';
import { bundleChild, startAndKill } from './fixtures/child-process.js';
import { crashFile } from './fixtures/crash-state.js';

// Two writers killed 25 times each, side by side (spawning node dominates the time; 2 cores).
const LANES = 2;
const KILLS_PER_LANE = 25;
const TARGET = 'model.safetensors';

let dir: string;
let child: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-crash-'));
  child = await bundleChild(new URL('fixtures/crash-writer.ts', import.meta.url), dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Kill = { by: 'test' | 'itself'; afterMs: number };

/** Starts a writer, and SIGKILLs it `afterMs` after it is up (from this process or its own timer). */
async function runAndKill(target: string, firstCounter: number, kill: Kill): Promise<void> {
  const args = [target, String(firstCounter)];
  if (kill.by === 'itself') args.push(String(kill.afterMs));
  expect(await startAndKill(child, args, kill.afterMs, kill.by === 'itself')).toBe('SIGKILL');
}

interface LaneResult {
  versions: number;
  killsMidWrite: number;
}

async function lane(index: number): Promise<LaneResult> {
  const workDir = join(dir, `lane-${index}`);
  await mkdir(workDir);
  const target = join(workDir, TARGET);
  // Version 0 exists before the first writer starts, so every kill has an old file to keep.
  await writeFile(target, crashFile(0));

  let seen = 0;
  let killsMidWrite = 0;
  for (let kill = 0; kill < KILLS_PER_LANE; kill++) {
    await runAndKill(target, seen + 1, { by: kill % 2 === 0 ? 'test' : 'itself', afterMs: Math.random() * 30 });

    // The file is one complete version: it decodes, and its bytes are exactly what that
    // version's counter produces (so not a mix of two versions either).
    const bytes = new Uint8Array(await readFile(target));
    const { metadata } = decodeSafetensors(bytes, { source: `${target} after kill ${kill}` });
    const counter = Number(metadata['counter']);
    expect(counter).toBeGreaterThanOrEqual(seen); // never older than a version already seen
    expect(Buffer.compare(bytes, crashFile(counter)), `version ${counter} is complete`).toBe(0);
    seen = counter;

    // Whatever temp file the killed writer left is stale now, and only those are removed.
    const leftovers = (await readdir(workDir)).filter((name) => name !== TARGET);
    if (leftovers.length > 0) killsMidWrite++;
    const removed = await cleanStaleTempFiles(workDir);
    expect(removed.map((path) => path.slice(workDir.length + 1)).sort()).toEqual(leftovers.sort());
    expect(await readdir(workDir)).toEqual([TARGET]);
  }
  return { versions: seen, killsMidWrite };
}

test.skipIf(process.platform === 'win32')(
  `SIGKILL at ${LANES * KILLS_PER_LANE} random moments never leaves a torn checkpoint`,
  async () => {
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
    const killsMidWrite = results.reduce((sum, r) => sum + r.killsMidWrite, 0);
    // The kills must have hit writes in progress, and writes must have completed between kills
    // (so the file really changed under the kills), or this test proved nothing.
    expect(killsMidWrite).toBeGreaterThan(0);
    expect(results.reduce((sum, r) => sum + r.versions, 0)).toBeGreaterThan(0);
    console.log(
      `crash test: ${LANES * KILLS_PER_LANE} kills, ${killsMidWrite} of them mid-write; versions reached: ${results.map((r) => r.versions).join(', ')}`,
    );
  },
  60_000,
);
