import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeIfAvailable, EXTERNAL_PROCESS_TIMEOUT } from '../../../fixtures/external-tools.js';
import { DEFAULT_PYTHON, FIXTURES_DIRECTORY, PytorchWorker } from './pytorch-worker.js';
import { runChild } from './workloads/memory.js';

// PyTorch is the reference on machines that have it (/usr/bin/python3 with torch). Every test here
// starts or talks to a python process, so each has the external-process timeout.
const hasTorch = spawnSync(DEFAULT_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const describeWithTorch = describeIfAvailable(
  hasTorch,
  `PyTorch (${DEFAULT_PYTHON} -c 'import torch')`,
  'apt-get install python3-torch',
);

describeWithTorch('the PyTorch worker', { timeout: EXTERNAL_PROCESS_TIMEOUT }, () => {
  let worker: PytorchWorker;
  beforeAll(async () => {
    worker = await PytorchWorker.start();
  }, EXTERNAL_PROCESS_TIMEOUT);
  afterAll(async () => {
    await worker?.close();
  }, EXTERNAL_PROCESS_TIMEOUT);

  test('says which torch, threads and BLAS it runs', () => {
    expect(worker.info.torch).toMatch(/^\d+\.\d+/);
    expect(worker.info.threads).toBeGreaterThanOrEqual(1);
    expect(worker.info.blas.buildInfo).not.toBe('');
    expect(worker.info.blas.libraries.length).toBeGreaterThan(0);
  });

  test('runs the tutorial programs themselves and reads their train_seconds and last loss', async () => {
    for (const workload of ['seed-scratch', 'seed-concise']) {
      const handle = await worker.prepare(workload, { seed: 0 });
      const { seconds, values } = await handle.run(1);
      expect(seconds).toBeGreaterThan(0);
      expect(values['finalLoss']).toBeLessThan(1e-3);
      await handle.dispose();
    }
  });

  test('times the kernel workloads', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['matmul', { batch: 2, m: 8, k: 4, n: 3, transpose: 'a' }],
      ['mlp', { batch: 8, lr: 0.01, seed: 0 }],
      ['elementwise', { op: 'relu', size: 1000 }],
      ['per-op', { op: 'backward' }],
      ['per-op', { op: 'indexSelect' }],
    ];
    for (const [workload, params] of cases) {
      const handle = await worker.prepare(workload, params);
      const { seconds } = await handle.run(3);
      expect(seconds).toBeGreaterThan(0);
      await handle.dispose();
    }
  });

  test('a bad request is an error naming the cause, and the worker goes on', async () => {
    await expect(worker.prepare('no-such-workload', {})).rejects.toThrow(/KeyError/);
    await expect(worker.prepare('per-op', { op: 'add' })).resolves.toBeDefined();
  });

  test('the memory script runs the seed loop and reports RSS per epoch', async () => {
    const script = fileURLToPath(new URL('../python/seed_memory.py', import.meta.url));
    const report = await runChild(DEFAULT_PYTHON, [script, 'epochs', '2']);
    expect(report.epochs.map((epoch) => epoch.epoch)).toEqual([1, 2]);
    const program = await runChild(DEFAULT_PYTHON, [script, 'program', FIXTURES_DIRECTORY]);
    expect(program.maxRssMb).toBeGreaterThan(10);
  });
});

test(
  'a python without torch is reported, not thrown at the bench',
  async () => {
    await expect(PytorchWorker.start('/nonexistent/python3')).rejects.toThrow(/could not be started|exited/);
  },
  EXTERNAL_PROCESS_TIMEOUT,
);
