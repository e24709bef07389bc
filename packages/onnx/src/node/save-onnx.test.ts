import { randn } from '@torchlet/autograd';
import { Linear, Sequential } from '@torchlet/nn';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { exportOnnx } from '../index.js';
import { saveOnnx } from './index.js';

const folder = mkdtempSync(join(tmpdir(), 'torchlet-onnx-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('saveOnnx writes the exported bytes atomically, creating the folder, leaving no temp file', async () => {
  const model = new Sequential(new Linear(3, 2));
  const x = randn([4, 3]);
  const path = join(folder, 'models', 'best.onnx');
  await saveOnnx(path, model, x, { dynamicAxes: { input: { 0: 'batch' } } });
  expect(new Uint8Array(readFileSync(path))).toEqual(exportOnnx(model, x, { dynamicAxes: { input: { 0: 'batch' } } }));
  expect(readdirSync(join(folder, 'models'))).toEqual(['best.onnx']);
});

test('an export that fails writes nothing', async () => {
  const path = join(folder, 'bad.onnx');
  await expect(saveOnnx(path, new Sequential(new Linear(3, 2)), randn([4, 3]), { opsetVersion: 9 })).rejects.toThrow(
    /opsetVersion 9/,
  );
  expect(readdirSync(folder)).not.toContain('bad.onnx');
});
