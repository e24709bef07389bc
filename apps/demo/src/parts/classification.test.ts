import { loadCheckpoint, readCheckpoint } from '@torchlet/checkpoint/node';
import { XMLParser } from 'fast-xml-parser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryOutput } from '../output.js';
import { digitsModel, runDigits } from './digits.js';
import { runLetterX } from './letter-x.js';
import { runTumours } from './tumours.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-demo-classification-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/** Parses an SVG file (throwing if it is not XML) and returns the document. */
async function svg(path: string): Promise<{ svg: Record<string, unknown> }> {
  const text = await readFile(path, 'utf8');
  const document = parser.parse(text, true) as { svg?: Record<string, unknown> };
  expect(document.svg, path).toBeDefined();
  return document as { svg: Record<string, unknown> };
}

/** Every element named `tag` anywhere in a parsed document. */
function elements(node: unknown, tag: string): Record<string, unknown>[] {
  if (typeof node !== 'object' || node === null) return [];
  const found: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(node)) {
    const list = Array.isArray(value) ? value : [value];
    if (key === tag) found.push(...(list.filter((v) => typeof v === 'object') as Record<string, unknown>[]));
    for (const item of list) found.push(...elements(item, tag));
  }
  return found;
}

describe('the classification parts of the demo', () => {
  test('tumours: test accuracy ≥ 0.95, best checkpoints on validation kept and reloaded, a confusion matrix', async () => {
    const out = memoryOutput();
    const result = await runTumours({ seed: 0, epochs: 60, lr: 0.01, batchSize: 32, out: join(dir, 'tumours') }, out);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.models.map((m) => m.name)).toEqual(['logistic regression', 'MLP 30-16-1']);
    const confusion = result.chosen.confusion;
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(113); // 20% of each class: 42 of 212 malignant, 71 of 357 benign
    for (const folder of ['logistic', 'mlp']) {
      const files = await readdir(join(dir, 'tumours', folder));
      expect(files).toContain('last.safetensors');
      expect(files).toContain('manifest.json');
      for (const file of files.filter((f) => f.endsWith('.safetensors')))
        await readCheckpoint(join(dir, 'tumours', folder, file));
    }
    expect(out.lines.join('\n')).toMatch(/true \\ predicted +malignant +benign/);
  }, 60_000);

  test('letter-x: one neuron gets every held-out noisy grid right; its weights are drawn', async () => {
    const out = memoryOutput();
    const result = await runLetterX({ seed: 0, epochs: 300, lr: 0.5, out: join(dir, 'letter-x') }, out);
    expect(result.testAccuracy).toBe(1);
    expect(result.weights).toHaveLength(25);
    // The strokes of the X weigh for it, the cells beside them against.
    expect(result.weights[0]).toBeGreaterThan(0);
    expect(result.weights[1]).toBeLessThan(0);
    const document = await svg(result.svgPath);
    expect(elements(document, 'rect').filter((r) => r['class'] === 'cell')).toHaveLength(25);
    expect(out.lines.some((line) => line.includes('|▓▓') || line.includes('|██'))).toBe(true);
  });

  test('digits: a CNN reaches test accuracy ≥ 0.95; best/last/periodic checkpoints; both SVGs', async () => {
    const out = memoryOutput();
    const result = await runDigits({ seed: 0, epochs: 10, lr: 0.01, batchSize: 32, out: join(dir, 'digits') }, out);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.95);
    const files = await readdir(result.checkpointDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'last.safetensors',
        'periodic-epoch=5.safetensors',
        'periodic-epoch=10.safetensors',
        'manifest.json',
      ]),
    );
    const best = files.find((f) => f.startsWith(`epoch=${result.bestEpoch}-valAccuracy=`));
    expect(best).toBeDefined();
    // The best file holds the best epoch's model: reloaded, it scores what the run reported.
    const reloaded = digitsModel();
    const restored = await loadCheckpoint(join(result.checkpointDir, best!), { model: reloaded });
    expect(restored.epoch).toBe(result.bestEpoch);
    expect(restored.metrics['valAccuracy']).toBe(Math.max(...result.history.map((h) => h.valAccuracy)));
    // The closing figure: accuracy and loss, training and validation each, the best epoch marked.
    const curves = await svg(result.curvesPath);
    const series = elements(curves, 'polyline').map((p) => p['data-name']);
    expect(series).toEqual(['training', 'validation', 'training', 'validation']);
    expect(elements(curves, 'g').filter((g) => g['class'] === 'marker')).toHaveLength(2);
    const mistakes = await svg(result.mistakesPath);
    expect(elements(mistakes, 'g').filter((g) => g['class'] === 'image')).toHaveLength(result.misclassified);
    // Images as numbers: the same digit as 1, 3 and 4 channels.
    const text = out.lines.join('\n');
    expect(text).toContain('1 channel (grey): tensor [1,8,8]');
    expect(text).toContain('→ tensor [3,8,8]');
    expect(text).toContain('→ tensor [4,8,8]');
  }, 60_000);
});
