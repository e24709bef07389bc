import type { PytorchWorker } from './pytorch-worker.js';
import type { Tfjs } from './tfjs.js';

/** Every library the suite knows, in the order tables list them. */
export const LIBRARIES = ['torchlet', 'tfjs-cpu', 'tfjs-wasm', 'js-pytorch', 'ndarray-ops', 'pytorch'] as const;
export type LibraryId = (typeof LIBRARIES)[number];

export const LIBRARY_LABELS: Record<LibraryId, string> = {
  torchlet: 'torchlet',
  'tfjs-cpu': 'tfjs cpu',
  'tfjs-wasm': 'tfjs wasm',
  'js-pytorch': 'js-pytorch',
  'ndarray-ops': 'ndarray-ops',
  pytorch: 'PyTorch',
};

/** What one call of `Runner.run` measured. */
export interface Measurement {
  /** Time of the measured work only (setup, IPC and child-process start excluded where the case can). */
  seconds: number;
  iterations: number;
  /** Values the case measured besides time (peak RSS, final loss, ...), read by its metrics. */
  values?: Record<string, number>;
  /** Anything worth keeping in bench-results.json (an RSS trace, ...): the last sample's is kept. */
  detail?: unknown;
}

/** One library's prepared workload case: inputs built, ready to be timed. */
export interface Runner {
  /** Called before every `run`, outside the timing (tfjs selects its backend here). */
  activate?(): Promise<void> | void;
  /** Runs the work `iterations` times and reports how long that took. */
  run(iterations: number): Measurement | Promise<Measurement>;
  dispose?(): Promise<void> | void;
  /**
   * How long the machine needs after this runner's work before another library is measured: its
   * threads spin-wait for a while after a call (OpenBLAS's, for 2^28 cycles by default), and would
   * otherwise run beside the next library's sample, taking a core from it.
   */
  settleSeconds?: number;
}

export interface Metric {
  id: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  /** False where a ratio means nothing (a growth near zero). */
  ratio?: boolean;
  value(measurement: Measurement): number;
}

/** The peers loaded for this run; a missing one is skipped with `reason`. */
export interface Peers {
  tf: Tfjs | null;
  pytorch: PytorchWorker | null;
  /** The python3 that imports torch (for PyTorch child processes). */
  python: string;
  /** Added to every PyTorch child's environment: the BLAS choice the worker runs with (OPENBLAS_CORETYPE). */
  pythonEnv: Readonly<Record<string, string>>;
  unavailable: Partial<Record<LibraryId, string>>;
}

export type RunnerFactory = (peers: Peers) => Runner | Promise<Runner>;

export interface BenchCase {
  id: string;
  label: string;
  metrics: Metric[];
  /**
   * Iterations per sample, fixed (whole training runs, child processes). Without it the runner
   * calibrates iterations so that one sample lasts about `sampleSeconds`.
   */
  iterations?: number;
  /** At most this many rounds (a child process per sample is slow; a trace needs one run). */
  maxRounds?: number;
  /** False to skip the warm-up run (child processes start cold every time anyway). */
  warmup?: boolean;
  /** Warm up at least this long, whatever the mode (whole training loops need a few runs to reach V8's top tier). */
  minWarmupSeconds?: number;
  libraries: Partial<Record<LibraryId, RunnerFactory>>;
  /** Libraries left out of this case on purpose, and why (shown in the table). */
  omitted?: Partial<Record<LibraryId, string>>;
}

export interface WorkloadOptions {
  quick: boolean;
}

export interface Workload {
  id: string;
  label: string;
  /** One line: what is measured. */
  description: string;
  cases(options: WorkloadOptions): BenchCase[];
}

/** Times a synchronous loop. */
export function timeLoop(iterations: number, body: () => unknown): Measurement {
  let sink: unknown;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) sink = body();
  const seconds = (performance.now() - start) / 1000;
  keep(sink);
  return { seconds, iterations };
}

/** Where timed loops leave their last result, so the optimizer cannot prove the work unused. */
export const sink: { value: unknown } = { value: undefined };

export function keep(value: unknown): void {
  sink.value = value;
}

/** A runner whose one iteration is `step()`, timed in a plain loop. */
export function loopRunner(step: () => unknown, values?: () => Record<string, number>): Runner {
  return {
    run: (iterations) => ({ ...timeLoop(iterations, step), ...(values === undefined ? {} : { values: values() }) }),
  };
}
