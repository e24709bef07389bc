import { join } from 'node:path';
import type { DoneReport, EpochReport } from '../children/report.js';
import { bundleChildren } from '../children/bundle.js';
import { timeProcess } from '../child-process.js';
import { BENCH_ROOT } from '../paths.js';
import { FIXTURES_DIRECTORY } from '../pytorch-worker.js';
import type { BenchCase, LibraryId, Measurement, Peers, RunnerFactory, Workload } from '../workload.js';

const PYTHON_SCRIPT = join(BENCH_ROOT, 'python', 'seed_memory.py');

export interface ChildReport {
  epochs: EpochReport[];
  maxRssMb: number;
  seconds: number;
}

/** Runs a memory child to its end and collects its reports. */
export async function runChild(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ChildReport> {
  const { stdout, seconds } = await timeProcess(command, args, env);
  const reports = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as EpochReport | DoneReport);
  const done = reports.find((report): report is DoneReport => 'done' in report);
  if (done === undefined) throw new Error(`${args[0]} exited without its final report: ${stdout.slice(-200)}`);
  const epochs = reports.filter((report): report is EpochReport => 'epoch' in report);
  return { epochs, maxRssMb: done.maxRssMb, seconds };
}

/** How to start the seed scratch program of one library for `epochs` epochs (undefined: the seed program as is). */
async function childCommand(
  library: LibraryId,
  peers: Peers,
  epochs: number | undefined,
): Promise<[string, string[], Readonly<Record<string, string>>]> {
  if (library === 'pytorch') {
    return [
      peers.python,
      epochs === undefined ? [PYTHON_SCRIPT, 'program', FIXTURES_DIRECTORY] : [PYTHON_SCRIPT, 'epochs', String(epochs)],
      peers.pythonEnv,
    ];
  }
  const files = await bundleChildren();
  const count = String(epochs ?? 3);
  switch (library) {
    case 'torchlet':
      return [process.execPath, [files['seed-scratch-torchlet'], count], {}];
    case 'tfjs-cpu':
      return [process.execPath, [files['seed-scratch-tfjs'], count, 'cpu'], {}];
    case 'tfjs-wasm':
      return [process.execPath, [files['seed-scratch-tfjs'], count, 'wasm'], {}];
    case 'js-pytorch':
      return [process.execPath, [files['seed-scratch-js-pytorch'], count], {}];
    default:
      throw new Error(`no memory child for ${library}`);
  }
}

/** RSS after epoch `from` and after the last: how much it grew in between. */
export function rssGrowth(epochs: readonly EpochReport[], from: number): { endMb: number; growthMb: number } {
  const end = epochs.at(-1);
  const start = epochs.find((report) => report.epoch === from);
  if (end === undefined || start === undefined) throw new Error(`rssGrowth: no report for epoch ${from}`);
  return { endMb: end.rssMb, growthMb: end.rssMb - start.rssMb };
}

function childRunner(
  library: LibraryId,
  measure: (report: ChildReport) => Measurement,
  epochs?: number,
): RunnerFactory {
  return async (peers) => {
    const [command, args, env] = await childCommand(library, peers, epochs);
    return { run: async () => measure(await runChild(command, args, env)) };
  };
}

const MEMORY_LIBRARIES = ['torchlet', 'tfjs-cpu', 'tfjs-wasm', 'js-pytorch', 'pytorch'] as const;

export const memoryWorkload: Workload = {
  id: 'memory',
  label: 'memory of the seed scratch program',
  description:
    'The seed scratch program run as a child process: its peak RSS (VmHWM) over the 3-epoch program, and its RSS after every epoch of a longer run (flat = no leak; nothing is disposed by hand except tfjs’s tidy).',
  cases: ({ quick }) => {
    const epochs = quick ? 20 : 50;
    const from = epochs / 5;
    const peak: BenchCase = {
      id: 'peak',
      label: 'peak RSS, seed scratch program',
      iterations: 1,
      warmup: false,
      maxRounds: quick ? 1 : 3,
      metrics: [
        {
          id: 'peakRssMb',
          label: 'peak RSS, seed scratch program (3 epochs)',
          unit: 'MB',
          better: 'lower',
          value: (m) => m.values!['peakRssMb']!,
        },
      ],
      libraries: Object.fromEntries(
        MEMORY_LIBRARIES.map((library) => [
          library,
          childRunner(library, (report) => ({
            seconds: report.seconds,
            iterations: 1,
            values: { peakRssMb: report.maxRssMb },
          })),
        ]),
      ),
    };
    const flat: BenchCase = {
      id: 'flat',
      label: `RSS over ${epochs} epochs`,
      iterations: 1,
      warmup: false,
      maxRounds: 1,
      metrics: [
        {
          id: 'rssEndMb',
          label: `RSS after ${epochs} epochs`,
          unit: 'MB',
          better: 'lower',
          value: (m) => m.values!['rssEndMb']!,
        },
        {
          id: 'rssGrowthMb',
          label: `RSS growth, epoch ${from} → ${epochs}`,
          unit: 'MB',
          better: 'lower',
          ratio: false,
          value: (m) => m.values!['rssGrowthMb']!,
        },
      ],
      libraries: Object.fromEntries(
        MEMORY_LIBRARIES.map((library) => [
          library,
          childRunner(
            library,
            (report) => {
              const { endMb, growthMb } = rssGrowth(report.epochs, from);
              return {
                seconds: report.seconds,
                iterations: 1,
                values: { rssEndMb: endMb, rssGrowthMb: growthMb },
                detail: { rssMbByEpoch: report.epochs.map((e) => Math.round(e.rssMb * 10) / 10) },
              };
            },
            epochs,
          ),
        ]),
      ),
    };
    return [peak, flat];
  },
};
