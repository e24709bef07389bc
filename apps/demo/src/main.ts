// `pnpm demo [scratch|concise|checkpoint] [options]`: the tutorial, reproduced with torchlet.
import { join, resolve } from 'node:path';
import { DemoError, HELP, parseArgs, UsageError, type DemoOptions } from './options.js';
import { consoleOutput, type Output } from './output.js';
import { runCheckpoint } from './parts/checkpoint.js';
import { runConcise } from './parts/concise.js';
import { runScratch } from './parts/scratch.js';

const TITLES = {
  scratch: '1. Linear regression from scratch (tensors + autograd)',
  concise: '2. The concise implementation (data, nn, optim)',
  checkpoint: '3. Keeping the best model on a validation set, the last one, and periodic saves',
} as const;

/** Where relative paths start: the directory `pnpm demo` was run from (pnpm runs us in apps/demo). */
function baseDir(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}

export async function runDemo(options: DemoOptions, out: Output, now: Date = new Date()): Promise<void> {
  for (const part of options.parts) {
    out.line(`== ${TITLES[part]} ==`);
    const tutorial = {
      seed: options.seed,
      epochs: options.epochs ?? 3,
      lr: options.lr ?? 0.03,
      batchSize: options.batchSize ?? 10,
      lang: options.lang,
    };
    if (part === 'scratch') runScratch(tutorial, out);
    if (part === 'concise') runConcise(tutorial, out);
    if (part === 'checkpoint') {
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      await runCheckpoint(
        {
          seed: options.seed,
          epochs: options.epochs ?? 20,
          lr: options.lr ?? 0.03,
          batchSize: options.batchSize ?? 2,
          out: resolve(baseDir(), options.resume ?? options.out ?? join('runs', stamp)),
          resume: options.resume !== undefined,
        },
        out,
      );
    }
    out.line();
  }
}

async function main(): Promise<void> {
  let options: DemoOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`demo: ${error.message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  try {
    await runDemo(options, consoleOutput());
  } catch (error) {
    if (!(error instanceof DemoError)) throw error;
    process.stderr.write(`demo: ${error.message}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
