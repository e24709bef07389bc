import { readCheckpoint } from '@torchlet/checkpoint/node';
import { XMLParser } from 'fast-xml-parser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { memoryOutput } from '../output.js';
import { runCheckpoint } from './checkpoint.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-demo-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (out: string, epochs = 20, resume = false) => ({
  seed: 0,
  epochs,
  lr: 0.03,
  batchSize: 2,
  out,
  resume,
});

describe('the checkpoint part', () => {
  test('keeps best (not the last epoch), last and every-5 files; the best reloads to its recorded score', async () => {
    const out = memoryOutput();
    const result = await runCheckpoint(options(dir), out);
    expect(result.bestEpoch).toBeLessThan(20);
    expect(result.history[19]!.valLoss).toBeGreaterThan(result.bestScore);
    expect(result.history[19]!.trainLoss).toBeLessThan(result.history[result.bestEpoch - 1]!.trainLoss);
    expect(result.reloadedScore).toBe(result.bestScore);

    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      `epoch=${result.bestEpoch}-valLoss=${result.bestScore.toFixed(4)}.safetensors`,
      'last.safetensors',
      'loss-curve.svg',
      'manifest.json',
      'periodic-epoch=10.safetensors',
      'periodic-epoch=15.safetensors',
      'periodic-epoch=20.safetensors',
      'periodic-epoch=5.safetensors',
    ]);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      best: { epoch: number; score: number }[];
      last: { epoch: number };
    };
    expect(manifest.best[0]).toMatchObject({ epoch: result.bestEpoch, score: result.bestScore });
    expect(manifest.last.epoch).toBe(20);
    expect((await readCheckpoint(join(dir, 'periodic-epoch=15.safetensors'))).epoch).toBe(15);

    // The table: a header and one row per epoch, naming what each epoch was saved as.
    const rows = out.lines.filter((l) => /^\s+\d+\s+\d+\.\d{4}\s+\d+\.\d{4}\s+\S/.test(l));
    expect(rows).toHaveLength(20);
    expect(rows[result.bestEpoch - 1]).toMatch(/best, last$/);
    expect(rows[4]).toMatch(/periodic, last$/);
    expect(out.lines).toContain(`loss curve: ${result.svgPath}`);
    expect(out.lines.some((l) => l.includes('identical to the recorded best'))).toBe(true);
  });

  test('the loss curve is an SVG with two series, axes, a legend and the best epoch marked', async () => {
    const { svgPath, bestEpoch } = await runCheckpoint(options(dir, 8), memoryOutput());
    const svgText = await readFile(svgPath, 'utf8');
    const svg = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svgText, true) as {
      svg: {
        polyline: { 'data-name': string; points: string }[];
        g: { class: string; text?: unknown }[] | { class: string };
      };
    };
    const series = svg.svg.polyline;
    expect(series.map((s) => s['data-name'])).toEqual(['training', 'validation']);
    for (const s of series) expect(s.points.trim().split(' ')).toHaveLength(8);
    const groups = ([] as { class: string }[]).concat(svg.svg.g);
    expect(groups.filter((g) => g.class === 'legend-item')).toHaveLength(2);
    expect(groups.some((g) => g.class === 'axes')).toBe(true);
    expect(svgText).toContain(`best (epoch ${bestEpoch})`);
  });

  test('--resume continues an interrupted run exactly where an uninterrupted one would be', async () => {
    const whole = await runCheckpoint(options(join(dir, 'whole'), 12), memoryOutput());
    await runCheckpoint(options(join(dir, 'split'), 5), memoryOutput());
    const out = memoryOutput();
    const resumed = await runCheckpoint(options(join(dir, 'split'), 12, true), out);
    expect(out.lines[0]).toMatch(/^resumed from .* after epoch 5/);
    expect(resumed.history).toEqual(whole.history); // bit-identical losses, epoch by epoch
    const a = await readCheckpoint(join(dir, 'whole', 'last.safetensors'));
    const b = await readCheckpoint(join(dir, 'split', 'last.safetensors'));
    expect(b.model['0.weight']!.toArray()).toEqual(a.model['0.weight']!.toArray());
    expect(resumed.bestEpoch).toBe(whole.bestEpoch);
  });
});
