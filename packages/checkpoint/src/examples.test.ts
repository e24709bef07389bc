import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { readCheckpoint } from './node/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The example file from `marker` up to its test-only exports, as the README must show it. */
function body(file: string, marker: string): string {
  const source = readFileSync(new URL(`./examples/${file}`, import.meta.url), 'utf8');
  const start = source.indexOf(marker);
  expect(start).toBeGreaterThanOrEqual(0);
  return source.slice(start, source.indexOf('\nexport {')).trim();
}

/**
 * Imports (runs) an example with a new, empty temporary directory as the working directory, as a
 * user who copies it into a new project would; returns the module and the directory's files.
 */
async function runInNewDirectory<T>(load: () => Promise<T>): Promise<{ module: T; dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'torchlet-readme-'));
  const cwd = process.cwd();
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  process.chdir(dir);
  try {
    const module = await load();
    return { module, dir, files: (await readdir(join(dir, 'runs', 'exp1'))).sort() };
  } finally {
    process.chdir(cwd);
    log.mockRestore();
  }
}

describe('README: safetensors files', () => {
  test('the README shows exactly the example file', () => {
    expect(readme).toContain(body('safetensors-files.ts', 'const state ='));
  });

  test('runs in a new directory: runs/exp1 is created and the file loads', async () => {
    const { module, dir, files } = await runInNewDirectory(() => import('./examples/safetensors-files.js'));
    try {
      expect(module.weight!.shape).toEqual([1, 2]);
      expect(module.epoch).toBe('3');
      expect(module.loaded.tensors['0.weight']!.toArray()).toEqual([[0.5, -1.25]]);
      expect(module.loaded.metadata).toEqual({ epoch: '3' });
      expect(files).toEqual(['model.safetensors']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('README: training checkpoints', () => {
  test('the README shows exactly the example file', () => {
    expect(readme).toContain(body('training-checkpoint.ts', "// One epoch's worth"));
  });

  test('runs in a new directory: the saved state comes back into the same objects', async () => {
    const { module, dir, files } = await runInNewDirectory(() => import('./examples/training-checkpoint.js'));
    try {
      expect(module.epoch).toBe(3);
      expect(module.metrics['valLoss']).toBe(module.valLoss);
      expect(module.model[0].weight.toArray()).toEqual(module.saved.weight);
      const file = await readCheckpoint(join(dir, 'runs', 'exp1', 'epoch-3.safetensors'));
      expect(file.model['0.weight']!.toArray()).toEqual(module.saved.weight);
      expect(file.extra).toEqual({ history: expect.any(Array) as unknown });
      expect(module.optimizer.paramGroups[0]!.lr).toBe(module.saved.lr);
      expect(files).toEqual(['epoch-3.safetensors']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('README: ModelCheckpoint', () => {
  test('the README shows exactly the example file', () => {
    expect(readme).toContain(body('model-checkpoint.ts', 'const checkpoint = new ModelCheckpoint({'));
  });

  test('runs in a new directory: keeps the best, the last and epoch 5', async () => {
    const { module, dir, files } = await runInNewDirectory(() => import('./examples/model-checkpoint.js'));
    try {
      expect(module.resumed).toBeNull();
      const best = await readCheckpoint(join(dir, module.bestPath!));
      expect(best.metrics['valLoss']).toBe(module.bestScore);
      expect(module.lastPath).toBe(join('runs', 'exp1', 'last.safetensors'));
      expect(files).toEqual(
        [module.bestPath!.split('/').pop(), 'last.safetensors', 'manifest.json', 'periodic-epoch=5.safetensors'].sort(),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
