import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { EXTERNAL_PROCESS_TIMEOUT } from '../../../fixtures/external-tools.js';

const run = promisify(execFile);
const demoDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the demo CLI as `pnpm demo` does. */
async function demo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=@torchlet/source', '--import', 'tsx', 'src/main.ts', ...args],
      {
        cwd: demoDir,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Each test starts the CLI as a node process (with tsx compiling the sources).
describe('the demo command', { timeout: EXTERNAL_PROCESS_TIMEOUT }, () => {
  test('--help prints the usage', async () => {
    const { code, stdout } = await demo('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Usage: pnpm demo \[scratch\|concise\|checkpoint\|tumours\|letter-x\|digits \.\.\.\] \[options\]/,
    );
  });

  test('a bad argument exits with code 2 and says why', async () => {
    const { code, stderr } = await demo('--epochs', 'many');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^demo: --epochs expects an integer >= 1, got many/);
  });

  test('--resume from a directory without a checkpoint is one line and exit code 1', async () => {
    const { code, stdout, stderr } = await demo('--resume', fileURLToPath(new URL('.', import.meta.url)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^demo: --resume: .* holds no checkpoint to continue from\n$/);
    expect(stderr).not.toMatch(/\bat \w/); // no stack trace
    expect(stdout).not.toMatch(/epoch 1/);
  });

  test("--json ends the output with one JSON line of the part's results", async () => {
    const { code, stdout } = await demo(
      'letter-x',
      '--json',
      '--epochs',
      '200',
      '--out',
      join(tmpdir(), `torchlet-demo-json-${process.pid}`),
    );
    expect(code).toBe(0);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as { part: string; testAccuracy: number };
    expect(last.part).toBe('letter-x');
    expect(last.testAccuracy).toBe(1);
  });

  test('one part runs alone, with English labels', async () => {
    const { code, stdout } = await demo('concise', '--lang', 'en', '--epochs', '2');
    expect(code).toBe(0);
    expect(stdout).toMatch(/== 2\. The concise implementation/);
    expect(stdout).toMatch(/epoch 2, loss \d\.\d{6}/);
    expect(stdout).toMatch(/error in estimating b: tensor/);
    expect(stdout).not.toMatch(/== 1\./);
  });
});
