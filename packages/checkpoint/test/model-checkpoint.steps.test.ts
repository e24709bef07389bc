import { Linear, Sequential } from '@torchlet/nn';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ModelCheckpoint, readCheckpoint, type Manifest } from '../src/node/index.js';
import { crashingFileSystem, SimulatedCrash, withoutFsync } from './fixtures/crashing-file-system.js';

// The deterministic counterpart of model-checkpoint.crash.test.ts: instead of SIGKILLs at random
// moments, a crash injected at every file-system step of every epoch's save (each mkdir, file
// creation, chmod, write — also torn halfway —, fsync, close, rename and unlink), and at every
// step of the recovery after it. After each crash, a new ModelCheckpoint on the directory must
// resume from an epoch the run really finished, with a manifest that records the true best of
// the epochs up to there, lists only files that exist and load, and leaves no file it does not
// list; and the resumed run must end up exactly where an uninterrupted one does.

const LOSSES = [0.5, 0.3, 0.4, 0.2, 0.35, 0.25, 0.1, 0.6, 0.15]; // epoch e has LOSSES[e - 1]
const EPOCHS = LOSSES.length;
const policy = (dir: string) => ({ dir, saveTopK: 2, saveLast: true, everyNEpochs: 3 });
// Every ModelCheckpoint here skips fsync: a simulated kill is not a power cut (see withoutFsync).
const fast = withoutFsync();

type Snapshot = Map<string, Uint8Array> | null; // null: the directory does not exist

let root: string;
let dir: string;
/** The uninterrupted run: the directory and the manifest after each epoch (index 0: before any). */
const reference: { snapshot: Snapshot; manifest: Manifest | null }[] = [];

/** A model whose bias says which epoch's weights it holds. */
function modelAt(epoch: number) {
  const model = new Sequential(new Linear(2, 1));
  model[0].bias.data.fill_(epoch);
  return model;
}

async function update(checkpoint: ModelCheckpoint, epoch: number): Promise<void> {
  await checkpoint.update({ epoch, metrics: { valLoss: LOSSES[epoch - 1]! }, model: modelAt(epoch) });
}

async function snapshot(): Promise<Snapshot> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const files = new Map<string, Uint8Array>();
  for (const name of names.sort()) files.set(name, new Uint8Array(await readFile(join(dir, name))));
  return files;
}

async function restore(state: Snapshot): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  if (state === null) return;
  await mkdir(dir);
  for (const [name, bytes] of state) await writeFile(join(dir, name), bytes);
}

async function manifestIn(): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

const records = (manifest: Manifest | null) =>
  manifest === null ? [] : [...manifest.best, ...manifest.periodic, ...(manifest.last ? [manifest.last] : [])];
const files = (manifest: Manifest | null) => records(manifest).map((r) => r.file);
const kept = (manifest: Manifest | null) => ({
  best: manifest?.best.map((r) => [r.file, r.epoch]) ?? [],
  periodic: manifest?.periodic.map((r) => [r.file, r.epoch]) ?? [],
  last: manifest?.last?.epoch ?? null,
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'torchlet-steps-'));
  dir = join(root, 'run', 'checkpoints'); // missing folders are part of the first save
  reference.push({ snapshot: null, manifest: null });
  const checkpoint = new ModelCheckpoint(policy(dir), fast);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    await update(checkpoint, epoch);
    reference.push({ snapshot: await snapshot(), manifest: await manifestIn() });
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * What a restarted process finds, checked in full; then it trains `carryOn` more epochs and must match
 * the uninterrupted run. `crashedIn` is the epoch whose save was interrupted. Returns the epoch
 * it resumed after.
 */
async function checkRecovery(crashedIn: number, where: string, carryOn = 2): Promise<number> {
  const model = modelAt(-1);
  const checkpoint = new ModelCheckpoint(policy(dir), fast);
  const resumed = await checkpoint.resume({ model });
  const epoch = resumed?.epoch ?? 0;
  expect([crashedIn - 1, crashedIn], `${where}: resumes after an epoch that was finished`).toContain(epoch);
  expect(model[0].bias.item(), `${where}: the weights of epoch ${epoch}`).toBe(resumed === null ? -1 : epoch);

  const manifest = await manifestIn();
  // The manifest records exactly what the uninterrupted run recorded after that epoch: the true
  // best (and top 2), the periodic files, the last epoch.
  expect(kept(manifest), `${where}: manifest after resuming at epoch ${epoch}`).toEqual(
    kept(reference[epoch]!.manifest),
  );
  if (epoch > 0) {
    const trueBest = LOSSES.slice(0, epoch).indexOf(Math.min(...LOSSES.slice(0, epoch))) + 1;
    expect(manifest!.best[0]!.epoch, `${where}: the true best epoch`).toBe(trueBest);
  }
  // Every listed file exists and loads, holding the epoch it is listed for; nothing else is left
  // (no orphan checkpoint, no temp file).
  for (const record of records(manifest)) {
    const loaded = await readCheckpoint(join(dir, record.file));
    expect(loaded.epoch, `${where}: ${record.file}`).toBe(record.epoch);
    expect(loaded.model['0.bias']!.toArray(), `${where}: ${record.file}`).toEqual([record.epoch]);
  }
  const present = (await readdir(dir).catch(() => [] as string[])).filter((name) => name !== 'manifest.json');
  expect(present.sort(), `${where}: files present`).toEqual([...new Set(files(manifest))].sort());

  // Carry on: more epochs end where the uninterrupted run is.
  const until = Math.min(EPOCHS, epoch + carryOn);
  for (let next = epoch + 1; next <= until; next++) await update(checkpoint, next);
  expect(kept(await manifestIn()), `${where}: after training on to epoch ${until}`).toEqual(
    kept(reference[until]!.manifest),
  );
  return epoch;
}

/** Steps of epoch `epoch`'s save, starting from the uninterrupted run's directory before it. */
async function stepsOfSave(epoch: number): Promise<readonly string[]> {
  await restore(reference[epoch - 1]!.snapshot);
  const fs = crashingFileSystem();
  const checkpoint = new ModelCheckpoint(policy(dir), fs);
  fs.arm(Number.POSITIVE_INFINITY);
  await checkpoint.open();
  expect(fs.steps, 'opening a consistent directory writes nothing').toBe(0);
  await update(checkpoint, epoch);
  return [...fs.log];
}

/** Runs epoch `epoch`'s save and kills it at step `at`. */
async function crashSave(epoch: number, at: number, tear: boolean): Promise<void> {
  await restore(reference[epoch - 1]!.snapshot);
  const fs = crashingFileSystem();
  const checkpoint = new ModelCheckpoint(policy(dir), fs);
  await checkpoint.open();
  fs.arm(at, { tear });
  const error = await update(checkpoint, epoch).catch((e: unknown) => e);
  expect(fs.crashed, `epoch ${epoch}, step ${at}: the crash happened`).toBe(true);
  expect(error instanceof SimulatedCrash || (error as Error).cause instanceof SimulatedCrash).toBe(true);
}

test('a crash at every file-system step of every save loses no best and leaves no orphan', async () => {
  let cases = 0;
  let resumedAtCrashedEpoch = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const steps = await stepsOfSave(epoch);
    for (let at = 1; at <= steps.length; at++) {
      for (const tear of steps[at - 1]!.startsWith('write ') ? [false, true] : [false]) {
        await crashSave(epoch, at, tear);
        const where = `epoch ${epoch}, killed at step ${at}/${steps.length} (${steps[at - 1]}${tear ? ', torn' : ''})`;
        if ((await checkRecovery(epoch, where)) === epoch) resumedAtCrashedEpoch++;
        cases++;
      }
    }
  }
  // Both sides of the commit point were hit: crashes after which the epoch counts as done (its
  // `last` was written, the manifest perhaps not) and crashes after which it is redone.
  expect(resumedAtCrashedEpoch).toBeGreaterThan(EPOCHS);
  expect(cases - resumedAtCrashedEpoch).toBeGreaterThan(EPOCHS);
  console.log(`kill at every step: ${cases} crashes, ${resumedAtCrashedEpoch} resumed at the epoch that crashed`);
}, 180_000);

// The saves that create the folders (1), write a periodic file and evict (3), and evict after a
// new best (7), each killed at every step that changes files, then the recovery after it killed
// at every step that changes files. (A kill at an fsync, close or chmod leaves the same files as
// a kill at the next step that changes them; the test above covers those steps too.)
const changesFiles = (step: string) => /^(mkdir|create|write|rename|unlink) /.test(step);

test('a crash at every step of the recovery after a crash is recovered from too', async () => {
  let cases = 0;
  for (const epoch of [1, 3, 7]) {
    const steps = await stepsOfSave(epoch);
    for (let at = 1; at <= steps.length; at++) {
      if (!changesFiles(steps[at - 1]!)) continue;
      await crashSave(epoch, at, false);
      const crashed = await snapshot();
      // Count the recovery's own steps (manifest rewrite, deletions, protecting `last`) ...
      const counting = crashingFileSystem();
      counting.arm(Number.POSITIVE_INFINITY);
      await new ModelCheckpoint(policy(dir), counting).resume({ model: modelAt(-1) });
      // ... and kill it at each of them, then recover for real.
      for (let again = 1; again <= counting.steps; again++) {
        if (!changesFiles(counting.log[again - 1]!)) continue;
        await restore(crashed);
        const fs = crashingFileSystem();
        fs.arm(again);
        await new ModelCheckpoint(policy(dir), fs).resume({ model: modelAt(-1) }).catch(() => undefined);
        expect(fs.crashed).toBe(true);
        await checkRecovery(
          epoch,
          `epoch ${epoch}, step ${at}, then recovery step ${again} (${counting.log[again - 1]})`,
        );
        cases++;
      }
    }
  }
  expect(cases).toBeGreaterThan(EPOCHS);
  console.log(`crash during recovery: ${cases} crashes`);
}, 240_000);
