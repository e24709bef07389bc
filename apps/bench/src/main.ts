import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArguments, USAGE, UsageError, type CliOptions } from './cli.js';
import { renderMarkdown, renderText } from './format.js';
import { machineInfo, packageVersion } from './machine.js';
import { BENCH_ROOT } from './paths.js';
import { kernelThreads } from '@torchlet/tensor';
import { startPytorchAtBest } from './pytorch-blas.js';
import type { PytorchWorker } from './pytorch-worker.js';
import type { BenchResults, WorkloadResult } from './results.js';
import { FULL_CONFIG, QUICK_CONFIG, runWorkload, type Progress } from './runner.js';
import { loadTfjs, useBackend } from './tfjs.js';
import type { LibraryId, Peers } from './workload.js';
import { WORKLOADS } from './workloads/index.js';

const DEFAULT_JSON = join(BENCH_ROOT, 'bench-results.json');

/** pnpm runs the script in apps/bench; a path on the command line is meant from where pnpm was called. */
function fromCaller(path: string): string {
  return resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Progress on stderr: rewritten in place on a terminal, finished steps only otherwise. */
function stderrProgress(): Progress {
  const tty = process.stderr.isTTY;
  return (text, done = false) => {
    if (tty) process.stderr.write(`\r\x1b[K${text}${done ? '\n' : ''}`);
    else if (done) process.stderr.write(`${text}\n`);
  };
}

function gitCommit(): string | null {
  try {
    // `-dirty`: the working tree has uncommitted changes, which the figures include.
    return execFileSync('git', ['describe', '--always', '--dirty'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

interface LoadedPeers {
  peers: Peers;
  versions: Partial<Record<LibraryId, string>>;
  warnings: string[];
}

async function loadPeers(options: CliOptions): Promise<LoadedPeers> {
  const warnings: string[] = [];
  const unavailable: Partial<Record<LibraryId, string>> = {};
  const commit = gitCommit();
  const versions: Partial<Record<LibraryId, string>> = {
    torchlet: `@torchlet/* ${packageVersion('@torchlet/autograd') ?? '?'}${commit === null ? '' : ` at ${commit}`}`,
    'js-pytorch': `js-pytorch ${packageVersion('js-pytorch') ?? '?'}`,
    'ndarray-ops': `ndarray-ops ${packageVersion('ndarray-ops') ?? '?'}`,
  };

  let tf: Peers['tf'] = null;
  try {
    tf = await loadTfjs(['cpu', 'wasm']);
    versions['tfjs-cpu'] = `@tensorflow/tfjs ${tf.version.tfjs}`;
    try {
      await useBackend(tf, 'wasm');
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      versions['tfjs-wasm'] =
        `@tensorflow/tfjs-backend-wasm ${packageVersion('@tensorflow/tfjs-backend-wasm') ?? '?'} (${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'multi-threaded' : 'one thread'})`;
    } catch (error) {
      unavailable['tfjs-wasm'] = `the wasm backend did not start: ${errorMessage(error)}`;
    }
    await useBackend(tf, 'cpu');
  } catch (error) {
    unavailable['tfjs-cpu'] = unavailable['tfjs-wasm'] = `@tensorflow/tfjs did not load: ${errorMessage(error)}`;
  }

  let pytorch: PytorchWorker | null = null;
  let pythonEnv: Record<string, string> = {};
  if (!options.pytorch) unavailable.pytorch = 'turned off with --no-pytorch';
  else {
    // PyTorch multiplies on as many threads as torchlet's largest products do.
    const threads = kernelThreads();
    try {
      const best = await startPytorchAtBest(options.python, threads);
      pytorch = best.worker;
      pythonEnv = best.env;
      versions.pytorch = `${best.description}, as torchlet (GEMM on ${threads === 2 ? 'the calling thread and one worker thread' : 'one thread'}, other ops on one)`;
      if (best.warning !== null) warnings.push(best.warning);
    } catch (error) {
      unavailable.pytorch = `${options.python} cannot run torch (${errorMessage(error)}); PyTorch skipped`;
    }
  }
  return { peers: { tf, pytorch, python: options.python, pythonEnv, unavailable }, versions, warnings };
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArguments(
      process.argv.slice(2),
      WORKLOADS.map((workload) => workload.id),
      DEFAULT_JSON,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.from !== null) {
    const saved = JSON.parse(readFileSync(fromCaller(options.from), 'utf8')) as BenchResults;
    process.stdout.write(`${options.markdown ? renderMarkdown(saved) : renderText(saved)}\n`);
    return 0;
  }
  if (options.list) {
    for (const workload of WORKLOADS) process.stdout.write(`${workload.id.padEnd(14)} ${workload.description}\n`);
    return 0;
  }

  const start = performance.now();
  const machine = machineInfo();
  const config = { ...(options.quick ? QUICK_CONFIG : FULL_CONFIG) };
  if (options.rounds !== null) config.rounds = options.rounds;
  const selected = WORKLOADS.filter((workload) => options.only.length === 0 || options.only.includes(workload.id));

  const progress = stderrProgress();
  process.stderr.write(
    `torchlet bench: ${options.quick ? 'quick' : 'full'} run of ${selected.map((w) => w.id).join(', ')}\n`,
  );
  const { peers, versions, warnings } = await loadPeers(options);
  for (const [library, reason] of Object.entries(peers.unavailable))
    process.stderr.write(`  ${library}: not run — ${reason}\n`);
  if (versions.pytorch !== undefined) process.stderr.write(`  PyTorch: ${versions.pytorch}\n`);
  for (const warning of warnings) process.stderr.write(`  WARNING: ${warning}\n`);

  const workloads: WorkloadResult[] = [];
  try {
    for (const [index, workload] of selected.entries()) {
      process.stderr.write(`[${index + 1}/${selected.length}] ${workload.label}\n`);
      workloads.push(await runWorkload(workload, { peers, config, quick: options.quick, progress }));
    }
  } finally {
    await peers.pytorch?.close();
  }

  const results: BenchResults = {
    mode: options.quick ? 'quick' : 'full',
    machine: { ...machine, loadAverage: { start: machine.loadAverage.start, end: loadavg()[0]! } },
    config: { ...config },
    libraries: versions,
    unavailable: peers.unavailable,
    warnings,
    workloads,
    seconds: (performance.now() - start) / 1000,
  };
  if (options.json !== null) {
    const file = fromCaller(options.json);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stderr.write(`results written to ${file}\n`);
  }
  process.stdout.write(`${options.markdown ? renderMarkdown(results) : renderText(results)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `torchlet bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
