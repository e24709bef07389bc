import { Linear, Sequential } from '@torchlet/nn';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CheckpointError } from '../errors.js';
import { ModelCheckpoint, readCheckpoint } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-mc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const model = new Sequential(new Linear(2, 1));

/** Runs `update` for each validation loss, epoch 1, 2, ...; returns the files left. */
async function run(checkpoint: ModelCheckpoint, losses: number[], startEpoch = 1): Promise<string[]> {
  for (const [i, valLoss] of losses.entries()) {
    model[0].bias.data.fill_(startEpoch + i); // so each file's weights tell its epoch
    await checkpoint.update({ epoch: startEpoch + i, metrics: { valLoss, trainLoss: 1 / (i + 1) }, model });
  }
  return (await readdir(dir)).sort();
}

describe('ModelCheckpoint', () => {
  test('keeps the top k by validation loss, the last epoch and nothing else', async () => {
    const checkpoint = new ModelCheckpoint({ dir, saveTopK: 2 });
    const files = await run(checkpoint, [0.5, 0.3, 0.4, 0.35, 0.6]);
    expect(files).toEqual([
      'epoch=2-valLoss=0.3000.safetensors',
      'epoch=4-valLoss=0.3500.safetensors',
      'last.safetensors',
      'manifest.json',
    ]);
    expect(checkpoint.bestScore).toBe(0.3);
    expect(checkpoint.bestPath).toBe(join(dir, 'epoch=2-valLoss=0.3000.safetensors'));
    const best = await readCheckpoint(checkpoint.bestPath!);
    expect(best.epoch).toBe(2);
    expect(best.metrics['valLoss']).toBe(0.3);
    expect(best.model['0.bias']!.toArray()).toEqual([2]);
    expect((await readCheckpoint(checkpoint.lastPath!)).epoch).toBe(5);
  });

  test("mode 'max' keeps the highest scores", async () => {
    const checkpoint = new ModelCheckpoint({ dir, monitor: 'accuracy', mode: 'max', saveLast: false });
    for (const [i, accuracy] of [0.7, 0.9, 0.8].entries())
      await checkpoint.update({ epoch: i + 1, metrics: { accuracy }, model });
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['epoch=2-accuracy=0.9000.safetensors']));
    expect((await readdir(dir)).filter((f) => f.endsWith('.safetensors'))).toHaveLength(1);
  });

  test('minDelta: an improvement must be larger than it to count', async () => {
    const checkpoint = new ModelCheckpoint({ dir, minDelta: 0.05, saveLast: false });
    const results = [];
    for (const [i, valLoss] of [0.5, 0.47, 0.4].entries()) {
      results.push((await checkpoint.update({ epoch: i + 1, metrics: { valLoss }, model })).isBest);
    }
    expect(results).toEqual([true, false, true]);
    expect(checkpoint.bestScore).toBe(0.4);
  });

  test('every N epochs: periodic files are kept for good', async () => {
    const checkpoint = new ModelCheckpoint({ dir, everyNEpochs: 2, saveTopK: 1 });
    const files = await run(checkpoint, [0.5, 0.4, 0.3, 0.2, 0.1]);
    expect(files).toEqual([
      'epoch=5-valLoss=0.1000.safetensors',
      'last.safetensors',
      'manifest.json',
      'periodic-epoch=2.safetensors',
      'periodic-epoch=4.safetensors',
    ]);
  });

  test('a missing monitored metric is an error, not a silent skip', async () => {
    const checkpoint = new ModelCheckpoint({ dir });
    await expect(checkpoint.update({ epoch: 1, metrics: { trainLoss: 0.1 }, model })).rejects.toThrow(
      new CheckpointError(
        `ModelCheckpoint: the monitored metric "valLoss" is missing from update()'s metrics (got: trainLoss); pass it, or set 'monitor' to one of them`,
      ),
    );
  });

  test('a resumed run keeps tracking the same best, and never evicts the file it resumed from', async () => {
    const first = new ModelCheckpoint({ dir, saveTopK: 1 });
    await run(first, [0.5, 0.2, 0.4]);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { best: { file: string }[] };
    expect(manifest.best.map((r) => r.file)).toEqual(['epoch=2-valLoss=0.2000.safetensors']);

    const resumed = new ModelCheckpoint({ dir, saveTopK: 1 });
    const target = new Sequential(new Linear(2, 1));
    const result = await resumed.resume({ model: target }, { from: 'best' });
    expect(result?.epoch).toBe(2);
    expect(target[0].bias.toArray()).toEqual([2]);
    expect(resumed.bestScore).toBe(0.2);
    await run(resumed, [0.3, 0.1], 4); // 0.3 does not beat 0.2; 0.1 does and would evict epoch 2
    const files = await readdir(dir);
    expect(files).toContain('epoch=5-valLoss=0.1000.safetensors');
    expect(files).toContain('epoch=2-valLoss=0.2000.safetensors'); // protected: resumed from it
    expect(files).not.toContain('epoch=4-valLoss=0.3000.safetensors');
    expect(resumed.bestScore).toBe(0.1);
  });

  test('a directory tracked with other settings is refused', async () => {
    await run(new ModelCheckpoint({ dir }), [0.5]);
    await expect(
      new ModelCheckpoint({ dir, mode: 'max' }).update({ epoch: 2, metrics: { valLoss: 1 }, model }),
    ).rejects.toThrow(/tracks valLoss \(min\), but this ModelCheckpoint monitors valLoss \(max\)/);
  });

  test('the filename template is checked', async () => {
    const checkpoint = new ModelCheckpoint({ dir, filename: 'e{epoch}-{accuracy:.2f}' });
    await expect(checkpoint.update({ epoch: 1, metrics: { valLoss: 0.1 }, model })).rejects.toThrow(
      /uses \{accuracy\}/,
    );
    expect(() => new ModelCheckpoint({ dir, saveTopK: -2 })).toThrow(/saveTopK must be -1, 0 or a positive integer/);
  });

  test('resume returns null when there is nothing to resume from, and creates nothing', async () => {
    expect(await new ModelCheckpoint({ dir }).resume({ model: new Sequential(new Linear(2, 1)) })).toBeNull();
    const missing = join(dir, 'not', 'yet');
    expect(await new ModelCheckpoint({ dir: missing }).resume({ model: new Sequential(new Linear(2, 1)) })).toBeNull();
    await expect(stat(join(dir, 'not'))).rejects.toThrow(/ENOENT/);
  });

  test('update creates the directory and its parents', async () => {
    const nested = join(dir, 'runs', 'exp1');
    await run(new ModelCheckpoint({ dir: nested }), [0.5]);
    expect((await readdir(nested)).sort()).toEqual([
      'epoch=1-valLoss=0.5000.safetensors',
      'last.safetensors',
      'manifest.json',
    ]);
  });
});

describe('ModelCheckpoint: file names stay inside dir', () => {
  test.each([
    ['../escape-{epoch}', 'holds a path separator, so its files could be written outside dir'],
    ['/tmp/escape-{epoch}', 'is an absolute path'],
    ['sub/epoch={epoch}', 'holds a path separator, so its files could be written outside dir'],
    ['..\\escape-{epoch}', 'holds a path separator, so its files could be written outside dir'],
    ['C:escape', 'is an absolute path'],
    ['.hidden-{epoch}', 'starts with a dot (hidden names are reserved for temp files)'],
    ['', 'is not a non-empty string'],
  ])('the template %j is refused at construction, naming the template and the dir', (template, problem) => {
    expect(() => new ModelCheckpoint({ dir, filename: template })).toThrow(
      new CheckpointError(
        `ModelCheckpoint: the filename template ${JSON.stringify(template)} ${problem}; it must be a plain file name for a file inside dir ${JSON.stringify(dir)}`,
        { source: dir },
      ),
    );
    expect(() => new ModelCheckpoint({ dir, periodicFilename: template })).toThrow(/the periodicFilename template/);
  });

  test('a format spec is checked at construction; "last" is taken', () => {
    expect(() => new ModelCheckpoint({ dir, filename: 'e{epoch:.4q}' })).toThrow(
      'ModelCheckpoint: unsupported format spec ":.4q" in filename template "e{epoch:.4q}"; use .Nf, .Ne (N from 0 to 100) or d',
    );
    expect(() => new ModelCheckpoint({ dir, filename: 'e{epoch:.101f}' })).toThrow(/unsupported format spec ":.101f"/);
    expect(() => new ModelCheckpoint({ dir, filename: 'last' })).toThrow(
      /the filename template "last" names the file the last epoch is kept in \(last.safetensors\)/,
    );
  });

  test('the filled name is checked again before anything is written', async () => {
    const checkpoint = new ModelCheckpoint({ dir, filename: '{tag}' });
    // Metrics are numbers, but nothing stops JavaScript from passing a string.
    const metrics = { valLoss: 0.5, tag: '../escape' } as unknown as Record<string, number>;
    await expect(checkpoint.update({ epoch: 1, metrics, model })).rejects.toThrow(
      new CheckpointError(
        `ModelCheckpoint: the filename template "{tag}" gives "../escape", which is not a plain file name inside dir ${JSON.stringify(dir)}; nothing was written`,
        { source: dir },
      ),
    );
    expect(await readdir(dir)).toEqual([]);
    expect(await readdir(join(dir, '..'))).not.toContain('escape.safetensors');
  });
});

describe('ModelCheckpoint: the manifest is rebuilt from the files a crash left', () => {
  const manifestOf = async () =>
    JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      best: { file: string; epoch: number }[];
      last: { epoch: number };
    };

  test('an epoch whose last file was written but whose manifest was not: its best is recorded', async () => {
    await run(new ModelCheckpoint({ dir, saveTopK: 1 }), [0.5, 0.4]);
    const epoch2 = new Map<string, Buffer>();
    for (const file of await readdir(dir)) epoch2.set(file, await readFile(join(dir, file)));
    await run(new ModelCheckpoint({ dir, saveTopK: 1 }), [0.1], 3);
    // Killed after epoch 3's files (its best, then last), before its manifest: epoch 2's manifest
    // and best are still there. Resuming reads last (epoch 3) and continues with epoch 4.
    const last3 = await readFile(join(dir, 'last.safetensors'));
    for (const [file, bytes] of epoch2) await writeFile(join(dir, file), bytes);
    await writeFile(join(dir, 'last.safetensors'), last3);
    const checkpoint = new ModelCheckpoint({ dir, saveTopK: 1 });
    const resumed = await checkpoint.resume({ model: new Sequential(new Linear(2, 1)) });
    expect(resumed?.epoch).toBe(3);
    expect(checkpoint.bestScore).toBe(0.1);
    expect((await manifestOf()).best.map((r) => r.file)).toEqual(['epoch=3-valLoss=0.1000.safetensors']);
    expect((await readdir(dir)).sort()).toEqual([
      'epoch=3-valLoss=0.1000.safetensors',
      'last.safetensors',
      'manifest.json',
    ]);
  });

  test('files of an epoch whose last file was never written are removed (the run redoes it)', async () => {
    await run(new ModelCheckpoint({ dir }), [0.5]);
    const before = new Map<string, Buffer>();
    for (const file of await readdir(dir)) before.set(file, await readFile(join(dir, file)));
    await run(new ModelCheckpoint({ dir }), [0.2], 2);
    // Back to epoch 1's files, plus epoch 2's best: as if killed after writing only that.
    for (const [file, bytes] of before) await writeFile(join(dir, file), bytes);
    const checkpoint = new ModelCheckpoint({ dir });
    expect((await checkpoint.resume({ model: new Sequential(new Linear(2, 1)) }))?.epoch).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([
      'epoch=1-valLoss=0.5000.safetensors',
      'last.safetensors',
      'manifest.json',
    ]);
  });

  test('an evicted file whose deletion was interrupted is deleted; other files are left alone', async () => {
    await run(new ModelCheckpoint({ dir }), [0.5]);
    await copyFile(join(dir, 'epoch=1-valLoss=0.5000.safetensors'), join(dir, 'kept-by-hand.safetensors'));
    await writeFile(join(dir, 'notes.safetensors'), 'not a checkpoint');
    const evicted = await readFile(join(dir, 'epoch=1-valLoss=0.5000.safetensors'));
    await run(new ModelCheckpoint({ dir }), [0.2], 2);
    await writeFile(join(dir, 'epoch=1-valLoss=0.5000.safetensors'), evicted);
    await new ModelCheckpoint({ dir }).open();
    expect((await readdir(dir)).sort()).toEqual([
      'epoch=2-valLoss=0.2000.safetensors',
      'kept-by-hand.safetensors',
      'last.safetensors',
      'manifest.json',
      'notes.safetensors',
    ]);
  });

  test('without saveLast, every file is its own commit: an unrecorded best is recorded', async () => {
    const options = { dir, saveLast: false };
    await run(new ModelCheckpoint(options), [0.5]);
    const epoch1 = new Map<string, Buffer>();
    for (const file of await readdir(dir)) epoch1.set(file, await readFile(join(dir, file)));
    await run(new ModelCheckpoint(options), [0.3], 2);
    for (const [file, bytes] of epoch1) await writeFile(join(dir, file), bytes); // epoch 2's manifest lost
    const checkpoint = new ModelCheckpoint(options);
    expect((await checkpoint.resume({ model: new Sequential(new Linear(2, 1)) }))?.epoch).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['epoch=2-valLoss=0.3000.safetensors', 'manifest.json']);
  });

  test('a directory whose manifest is gone is tracked again from its files', async () => {
    await run(new ModelCheckpoint({ dir, saveTopK: 2, everyNEpochs: 2 }), [0.5, 0.3, 0.4, 0.6]);
    await unlink(join(dir, 'manifest.json'));
    const checkpoint = new ModelCheckpoint({ dir, saveTopK: 2, everyNEpochs: 2 });
    await checkpoint.open();
    expect(checkpoint.state.best.map((r) => r.epoch)).toEqual([2, 3]);
    expect(checkpoint.state.periodic.map((r) => r.epoch)).toEqual([2, 4]);
    expect(checkpoint.state.last?.epoch).toBe(4);
  });
});
