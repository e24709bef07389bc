import { DEFAULT_PYTHON } from './pytorch-worker.js';

export interface CliOptions {
  quick: boolean;
  /** Workload ids to run; empty = all. */
  only: string[];
  markdown: boolean;
  /** Overrides the mode's number of rounds. */
  rounds: number | null;
  pytorch: boolean;
  python: string;
  /** Where to write the results; null = don't. */
  json: string | null;
  /** Render this results file instead of measuring. */
  from: string | null;
  list: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: pnpm bench [options]

  --quick            a short run (about a minute): fewer rounds, shorter samples
  --only <ids>       run only these workloads (comma-separated, or repeat the option)
  --markdown         print the summary as a Markdown table (for the README) instead of the text tables
  --rounds <n>       measured rounds per case (default 7, --quick 3)
  --no-pytorch       do not run the PyTorch reference even when python3 can import torch
  --python <path>    the python3 that imports torch (default ${DEFAULT_PYTHON})
  --json <path>      where to write the results (default apps/bench/bench-results.json)
  --no-json          do not write the results file
  --from <path>      measure nothing: print the tables of a results file written before
  --list             list the workloads and exit
  -h, --help         show this help`;

/** Parses the command line (without node and the script); throws UsageError on a bad one. */
export function parseArguments(
  argv: readonly string[],
  workloadIds: readonly string[],
  defaultJson: string,
): CliOptions {
  const options: CliOptions = {
    quick: false,
    only: [],
    markdown: false,
    rounds: null,
    pytorch: true,
    python: DEFAULT_PYTHON,
    json: defaultJson,
    from: null,
    list: false,
    help: false,
  };
  const args = [...argv];
  const valueOf = (flag: string, inline: string | undefined): string => {
    const value = inline ?? args.shift();
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`${flag} needs a value`);
    return value;
  };
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '--') continue; // pnpm may pass one through
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--markdown':
        options.markdown = true;
        break;
      case '--no-pytorch':
        options.pytorch = false;
        break;
      case '--no-json':
        options.json = null;
        break;
      case '--list':
        options.list = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--only': {
        for (const id of valueOf(flag, inline)
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)) {
          if (!workloadIds.includes(id))
            throw new UsageError(`unknown workload "${id}"; the workloads are ${workloadIds.join(', ')}`);
          if (!options.only.includes(id)) options.only.push(id);
        }
        break;
      }
      case '--rounds': {
        const text = valueOf(flag, inline);
        const rounds = Number(text);
        if (!Number.isInteger(rounds) || rounds < 1)
          throw new UsageError(`--rounds needs a positive integer, got "${text}"`);
        options.rounds = rounds;
        break;
      }
      case '--python':
        options.python = valueOf(flag, inline);
        break;
      case '--json':
        options.json = valueOf(flag, inline);
        break;
      case '--from':
        options.from = valueOf(flag, inline);
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return options;
}
