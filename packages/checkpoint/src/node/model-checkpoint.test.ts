import { Linear, Sequential } from '@torchlet/nn';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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

  test('resume returns null when there is nothing to resume from', async () => {
    expect(await new ModelCheckpoint({ dir }).resume({ model: new Sequential(new Linear(2, 1)) })).toBeNull();
  });
});
