import { join } from 'node:path';
import { bundleChildren, type ChildName } from '../children/bundle.js';
import { timeProcess } from '../child-process.js';
import type { ColdReport } from '../children/cold.js';
import { FIXTURES_DIRECTORY } from '../pytorch-worker.js';
import type { BenchCase, LibraryId, Measurement, Peers, RunnerFactory, Workload } from '../workload.js';

// The tutorial as a user runs it: once, in a fresh process, 3 epochs. Warm figures (the seed
// workloads) hide what a cold start costs: V8 runs the first thousands of steps in its interpreter
// and baseline tiers, and PyTorch pays `import torch`. Each sample is a new process.

type Program = 'scratch' | 'concise';

/** The training seconds and last epoch's loss a tutorial program printed (PyTorch's fixtures). */
export function parseSeedOutput(stdout: string): ColdReport {
  const seconds = /train_seconds ([0-9.]+)/.exec(stdout);
  const losses = [...stdout.matchAll(/epoch \d+, loss ([0-9.eE+-]+)/g)];
  if (seconds === null || losses.length === 0) throw new Error(`no train_seconds or loss in: ${stdout.slice(0, 200)}`);
  return { trainSeconds: Number(seconds[1]), finalLoss: Number(losses.at(-1)![1]) };
}

function measurement(report: ColdReport, processSeconds: number): Measurement {
  return { seconds: report.trainSeconds, iterations: 1, values: { processSeconds, finalLoss: report.finalLoss } };
}

const NODE_CHILDREN: Partial<Record<LibraryId, [ChildName, ...string[]]>> = {
  torchlet: ['seed-cold-torchlet'],
  'tfjs-cpu': ['seed-cold-tfjs', 'cpu'],
  'tfjs-wasm': ['seed-cold-tfjs', 'wasm'],
  'js-pytorch': ['seed-cold-js-pytorch'],
};

function coldRunner(library: LibraryId, program: Program): RunnerFactory {
  return async (peers: Peers) => {
    if (library === 'pytorch') {
      const script = join(FIXTURES_DIRECTORY, `seed_${program}.py`);
      return {
        run: async () => {
          const result = await timeProcess(peers.python, [script, '0'], peers.pythonEnv);
          return measurement(parseSeedOutput(result.stdout), result.seconds);
        },
      };
    }
    const [child, ...extra] = NODE_CHILDREN[library]!;
    const file = (await bundleChildren())[child];
    return {
      run: async () => {
        const result = await timeProcess(process.execPath, [file, program, ...extra]);
        const line = result.stdout.split('\n').find((text) => text.startsWith('{'));
        if (line === undefined) throw new Error(`${child} printed no report`);
        return measurement(JSON.parse(line) as ColdReport, result.seconds);
      },
    };
  };
}

const COLD_LIBRARIES = ['torchlet', 'tfjs-cpu', 'tfjs-wasm', 'js-pytorch', 'pytorch'] as const;

function coldCase(program: Program, quick: boolean): BenchCase {
  return {
    id: program,
    label: `seed ${program} program, cold`,
    iterations: 1,
    warmup: false,
    maxRounds: quick ? 3 : 9,
    metrics: [
      {
        id: 'trainSeconds',
        label: `${program}: training, 3 epochs`,
        unit: 's',
        better: 'lower',
        value: (m) => m.seconds,
      },
      {
        id: 'processSeconds',
        label: `${program}: whole process`,
        unit: 's',
        better: 'lower',
        value: (m) => m.values!['processSeconds']!,
      },
    ],
    libraries: Object.fromEntries(COLD_LIBRARIES.map((library) => [library, coldRunner(library, program)])),
  };
}

export const seedColdWorkload: Workload = {
  id: 'seed-cold',
  label: 'seed programs, cold',
  description:
    'Each library’s seed scratch and concise programs as fresh processes, 3 epochs (300 steps), as a user runs the tutorial: the training time the program measures, and the whole process from spawn to exit (runtime start and imports — node and the bundled program, python and `import torch` — then training). Samples alternate between libraries; medians.',
  cases: ({ quick }) => [coldCase('scratch', quick), coldCase('concise', quick)],
};
