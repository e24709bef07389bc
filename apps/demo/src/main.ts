// `pnpm demo [part ...] [options]`: the tutorial, reproduced with torchlet.
import { join, resolve } from 'node:path';
import { DemoError, HELP, parseArgs, UsageError, type DemoOptions } from './options.js';
import { consoleOutput, type Output } from './output.js';
import { runCheckpoint } from './parts/checkpoint.js';
import { runConcise } from './parts/concise.js';
import { runDigits } from './parts/digits.js';
import { runLetterX } from './parts/letter-x.js';
import { runScratch } from './parts/scratch.js';
import { runTumours } from './parts/tumours.js';

const TITLES = {
  scratch: '1. Linear regression from scratch (tensors + autograd)',
  concise: '2. The concise implementation (data, nn, optim)',
  checkpoint: '3. Keeping the best model on a validation set, the last one, and periodic saves',
  tumours: '4. Classification: benign or malignant, a line between the two',
  'letter-x': '5. Recognising an X on a 5×5 grid with one layer of neurons',
  digits: '6. Images as numbers: hand-written digits and a convolutional network',
} as const;

/** Where relative paths start: the directory `pnpm demo` was run from (pnpm runs us in apps/demo). */
function baseDir(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}

/** What --json reports of a part: its headline figures. */
type PartSummary = Record<string, number | string>;

/** Runs the parts in order; returns each one's summary (for --json). */
export async function runDemo(
  options: DemoOptions,
  out: Output,
  now: Date = new Date(),
): Promise<Record<string, PartSummary>> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(baseDir(), options.resume ?? options.out ?? join('runs', stamp));
  const common = { seed: options.seed, epochs: options.epochs, lr: options.lr, batchSize: options.batchSize };
  const summaries: Record<string, PartSummary> = {};
  for (const part of options.parts) {
    out.line(`== ${TITLES[part]} ==`);
    const tutorial = {
      seed: options.seed,
      epochs: common.epochs ?? 3,
      lr: common.lr ?? 0.03,
      batchSize: common.batchSize ?? 10,
      lang: options.lang,
    };
    if (part === 'scratch') runScratch(tutorial, out);
    if (part === 'concise') runConcise(tutorial, out);
    if (part === 'checkpoint') {
      const result = await runCheckpoint(
        {
          seed: options.seed,
          epochs: common.epochs ?? 20,
          lr: common.lr ?? 0.03,
          batchSize: common.batchSize ?? 2,
          out: outDir,
          resume: options.resume !== undefined,
        },
        out,
      );
      summaries[part] = { bestEpoch: result.bestEpoch, bestValLoss: result.bestScore, dir: result.dir };
    }
    if (part === 'tumours') {
      const result = await runTumours(
        {
          seed: options.seed,
          epochs: common.epochs ?? 100,
          lr: common.lr ?? 0.01,
          batchSize: common.batchSize ?? 32,
          out: join(outDir, part),
        },
        out,
      );
      summaries[part] = {
        testAccuracy: result.testAccuracy,
        model: result.chosen.name,
        malignantPrecision: result.chosen.malignantPrecision,
        malignantRecall: result.chosen.malignantRecall,
      };
    }
    if (part === 'letter-x') {
      const result = await runLetterX(
        { seed: options.seed, epochs: common.epochs ?? 300, lr: common.lr ?? 0.5, out: join(outDir, part) },
        out,
      );
      summaries[part] = { testAccuracy: result.testAccuracy, trainAccuracy: result.trainAccuracy, svg: result.svgPath };
    }
    if (part === 'digits') {
      const result = await runDigits(
        {
          seed: options.seed,
          epochs: common.epochs ?? 15,
          lr: common.lr ?? 0.01,
          batchSize: common.batchSize ?? 32,
          out: join(outDir, part),
        },
        out,
      );
      summaries[part] = {
        testAccuracy: result.testAccuracy,
        bestEpoch: result.bestEpoch,
        dir: result.checkpointDir,
        onnx: result.onnxPath,
      };
    }
    out.line();
  }
  if (options.json) {
    const only = options.parts.length === 1 ? summaries[options.parts[0]!] : undefined;
    out.line(JSON.stringify(only === undefined ? { parts: summaries } : { part: options.parts[0], ...only }));
  }
  return summaries;
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
