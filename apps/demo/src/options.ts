/** What the demo was asked to do, from the command line. */
export interface DemoOptions {
  parts: Part[];
  seed: number;
  /** Epochs for each part; undefined keeps the tutorial's (3) and the checkpoint part's (20). */
  epochs: number | undefined;
  lr: number | undefined;
  batchSize: number | undefined;
  /** Output directory of the checkpoint part. */
  out: string | undefined;
  /** A checkpoint directory to continue from. */
  resume: string | undefined;
  lang: 'zh' | 'en';
  /** End the output with one JSON line of each part's results (testAccuracy, ...). */
  json: boolean;
  help: boolean;
}

export const PARTS = ['scratch', 'concise', 'checkpoint', 'tumours', 'letter-x', 'digits'] as const;
export type Part = (typeof PARTS)[number];

/** The flags that only some parts use: naming them with none of those parts is a usage error. */
const PART_FLAGS: Readonly<Record<'--out' | '--resume', readonly Part[]>> = {
  '--out': ['checkpoint', 'tumours', 'letter-x', 'digits'],
  '--resume': ['checkpoint'],
};

export const HELP = `Usage: pnpm demo [scratch|concise|checkpoint|tumours|letter-x|digits ...] [options]

Reproduces the tutorial with torchlet. Without a part, runs all six in order:
  scratch     linear regression written from scratch with tensors and autograd
  concise     the same with @torchlet/data, @torchlet/nn and @torchlet/optim
  checkpoint  train/validation split, best/last/periodic checkpoints, loss curve
  tumours     benign or malignant: logistic regression and an MLP on 569 tumours
  letter-x    is this 5×5 grid an X? one neuron, its 25 weights drawn
  digits      hand-written 8×8 digits as 1-channel images, a small CNN

Options:
  --seed N          random seed (default 0)
  --epochs N        epochs (default: 3 scratch/concise, 20 checkpoint, 100 tumours,
                    300 letter-x, 15 digits)
  --lr X            learning rate (default 0.03; checkpoint 0.03, tumours and digits 0.01
                    with Adam, letter-x 0.5)
  --batch-size N    minibatch size (default 10; checkpoint 2, tumours and digits 32)
  --out DIR         output directory of checkpoint (DIR itself), tumours, letter-x and digits
                    (DIR/<part>); default runs/<timestamp>
  --resume DIR      continue an interrupted checkpoint run from DIR
  --lang zh|en      labels of the closing lines (default zh, as the tutorial)
  --json            end the output with one JSON line of the results (testAccuracy, ...)
  -h, --help        show this help
`;

/** A bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A request the demo cannot carry out (e.g. nothing to resume): one line, exit code 1. */
export class DemoError extends Error {
  override name = 'DemoError';
}

function number(flag: string, text: string | undefined, integer: boolean, min: number): number {
  const value = Number(text);
  if (
    text === undefined ||
    text.trim() === '' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min
  ) {
    throw new UsageError(`${flag} expects ${integer ? 'an integer' : 'a number'} >= ${min}, got ${text ?? 'nothing'}`);
  }
  return value;
}

/** Parses `argv` (without node and the script); throws UsageError with a clear message. */
export function parseArgs(argv: readonly string[]): DemoOptions {
  const options: DemoOptions = {
    parts: [],
    seed: 0,
    epochs: undefined,
    lr: undefined,
    batchSize: undefined,
    out: undefined,
    resume: undefined,
    lang: 'zh',
    json: false,
    help: false,
  };
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? args.shift();
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--seed':
        options.seed = number(flag, value(), true, 0);
        break;
      case '--epochs':
        options.epochs = number(flag, value(), true, 1);
        break;
      case '--lr':
        options.lr = number(flag, value(), false, 0);
        break;
      case '--batch-size':
        options.batchSize = number(flag, value(), true, 1);
        break;
      case '--out':
        options.out = value() ?? missing(flag);
        break;
      case '--resume':
        options.resume = value() ?? missing(flag);
        break;
      case '--json':
        options.json = true;
        break;
      case '--lang': {
        const lang = value();
        if (lang !== 'zh' && lang !== 'en') throw new UsageError(`--lang expects zh or en, got ${lang ?? 'nothing'}`);
        options.lang = lang;
        break;
      }
      default:
        if ((PARTS as readonly string[]).includes(flag)) options.parts.push(flag as Part);
        else throw new UsageError(`unknown argument ${arg} (see --help)`);
    }
  }
  if (options.resume !== undefined && options.out !== undefined) {
    throw new UsageError('--resume DIR continues the run in DIR; it cannot be combined with --out');
  }
  for (const [flag, users] of Object.entries(PART_FLAGS)) {
    const given = flag === '--out' ? options.out : options.resume;
    if (given === undefined || options.parts.length === 0) continue;
    if (!options.parts.some((part) => users.includes(part))) {
      const which =
        users.length === 1 ? `the ${users[0]} part` : `the ${users.slice(0, -1).join(', ')} or ${users.at(-1)} parts`;
      throw new UsageError(`${flag} applies to ${which}, not to ${options.parts.join(', ')}`);
    }
  }
  if (options.resume !== undefined && options.parts.length === 0) options.parts = ['checkpoint'];
  if (options.parts.length === 0) options.parts = [...PARTS];
  return options;
}

function missing(flag: string): never {
  throw new UsageError(`${flag} expects a value`);
}
