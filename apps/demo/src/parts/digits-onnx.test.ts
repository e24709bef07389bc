import { full, noGrad } from '@torchlet/autograd';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test, vi } from 'vitest';
import { memoryOutput } from '../output.js';
import { runDigits } from './digits.js';

const dir = mkdtempSync(join(tmpdir(), 'torchlet-digits-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The README's lines, as written, on the file a short run writes (its path put in for the placeholder).
test('the demo README runs best.onnx in ONNX Runtime, which scores as the reloaded model does', async () => {
  const result = await runDigits(
    { seed: 0, epochs: 2, lr: 0.01, batchSize: 32, out: join(dir, 'digits') },
    memoryOutput(),
  );
  expect(result.onnxPath).toBe(join(dir, 'digits', 'best.onnx'));
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = readme.match(/```ts\n(import \{ readFileSync \}[\s\S]*?best\.onnx[\s\S]*?)```/)![1]!;
  expect(block).toContain("'runs/<timestamp>/digits/best.onnx'");
  // Written inside the app, so that `onnxruntime-web` resolves as in a user's project.
  const file = fileURLToPath(new URL(`../../.readme-onnx-${process.pid}.ts`, import.meta.url));
  writeFileSync(file, block.replace("'runs/<timestamp>/digits/best.onnx'", JSON.stringify(result.onnxPath)));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(/* @vite-ignore */ file);
    const scores = log.mock.calls[0]![0] as Float32Array;
    const image = full([1, 1, 8, 8], 0.5);
    const expected = noGrad(() => result.model.forward(image)).toTypedArray();
    expect(scores).toHaveLength(10);
    scores.forEach((score, i) => expect(Math.abs(score - expected[i]!)).toBeLessThanOrEqual(1e-5));
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
}, 120_000);
