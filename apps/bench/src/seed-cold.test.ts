import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { EXTERNAL_PROCESS_TIMEOUT } from '../../../fixtures/external-tools.js';
import { DEFAULT_PYTHON } from './pytorch-worker.js';
import { timeProcess } from './child-process.js';
import { parseSeedOutput, seedColdWorkload } from './workloads/seed-cold.js';
import type { Peers } from './workload.js';

const hasTorch = spawnSync(DEFAULT_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const PEERS: Peers = { tf: null, pytorch: null, python: DEFAULT_PYTHON, pythonEnv: {}, unavailable: {} };

test('parseSeedOutput reads what the tutorial programs print', () => {
  const stdout = 'epoch 1, loss 0.040000\nepoch 2, loss 0.000150\nepoch 3, loss 0.000051\ntrain_seconds 0.0431\n';
  expect(parseSeedOutput(stdout)).toEqual({ trainSeconds: 0.0431, finalLoss: 0.000051 });
  expect(() => parseSeedOutput('Traceback ...')).toThrow(/no train_seconds/);
});

// Each case bundles and starts fresh processes (node children; python when torch is there).
describe('the seed-cold workload', { timeout: EXTERNAL_PROCESS_TIMEOUT }, () => {
  const libraries = ['torchlet', 'tfjs-cpu', 'js-pytorch', ...(hasTorch ? (['pytorch'] as const) : [])] as const;
  test.each(['scratch', 'concise'] as const)(
    '%s: every library trains in a fresh process and reports its times',
    async (program) => {
      const benchCase = seedColdWorkload.cases({ quick: true }).find((c) => c.id === program)!;
      for (const library of libraries) {
        const runner = await benchCase.libraries[library]!(PEERS);
        const measurement = await runner.run(1);
        const [train, whole] = benchCase.metrics.map((metric) => metric.value(measurement));
        expect(train, library).toBeGreaterThan(0);
        // The process starts a runtime and imports a library before it trains.
        expect(whole, library).toBeGreaterThan(train!);
        expect(measurement.values!['finalLoss'], library).toBeLessThan(1e-3);
      }
    },
  );

  test('a program that fails is an error with the end of its stderr', async () => {
    await expect(timeProcess(process.execPath, ['-e', 'console.error("boom"); process.exit(2)'])).rejects.toThrow(
      /exited with code 2: boom/,
    );
  });
});
