import type { CaseResult, MetricResult, WorkloadResult } from './results.js';
import { advantage, summarize } from './stats.js';
import {
  LIBRARIES,
  LIBRARY_LABELS,
  type BenchCase,
  type LibraryId,
  type Measurement,
  type Peers,
  type Runner,
  type Workload,
} from './workload.js';

export interface RunConfig {
  /** Measured rounds; each round takes one sample of every library, in the same order (A/B/A/B). */
  rounds: number;
  /** Warm-up per library and case before calibration (JIT tiers, backend initialisation). */
  warmupSeconds: number;
  /** Calibrated length of one sample. */
  sampleSeconds: number;
  /**
   * A library whose single iteration takes this long is measured in `slowRounds` rounds, without
   * more warm-up; with `slowRounds` 0 that first run is its only sample.
   */
  slowIterationSeconds: number;
  slowRounds: number;
}

export const FULL_CONFIG: RunConfig = {
  rounds: 7,
  warmupSeconds: 0.3,
  sampleSeconds: 0.1,
  slowIterationSeconds: 2,
  slowRounds: 3,
};

export const QUICK_CONFIG: RunConfig = {
  rounds: 3,
  warmupSeconds: 0.1,
  sampleSeconds: 0.03,
  slowIterationSeconds: 1.5,
  slowRounds: 0,
};

export type Progress = (message: string, done?: boolean) => void;

interface LibraryState {
  library: LibraryId;
  runner: Runner;
  iterations: number;
  rounds: number;
  samples: Measurement[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function sample(state: LibraryState, iterations: number): Promise<Measurement> {
  await state.runner.activate?.();
  const measurement = await state.runner.run(iterations);
  if (!(measurement.seconds >= 0)) throw new Error(`${state.library}: measured ${measurement.seconds} s`);
  return measurement;
}

/** Warms a library up and picks its iterations per sample and its number of rounds. */
async function calibrate(state: LibraryState, benchCase: BenchCase, config: RunConfig): Promise<void> {
  const fixed = benchCase.iterations;
  state.rounds = Math.min(config.rounds, benchCase.maxRounds ?? Infinity);
  state.iterations = fixed ?? 1;
  if (benchCase.warmup === false) return;
  let measurement = await sample(state, 1);
  let perIteration = measurement.seconds;
  if (perIteration >= config.slowIterationSeconds) {
    state.rounds = Math.min(state.rounds, config.slowRounds);
    if (state.rounds === 0) state.samples.push(measurement);
    return;
  }
  const warmupSeconds = Math.max(config.warmupSeconds, benchCase.minWarmupSeconds ?? 0);
  let spent = measurement.seconds;
  let iterations = 1;
  while (spent < warmupSeconds) {
    iterations =
      fixed ?? Math.min(iterations * 2, Math.max(2, Math.ceil((warmupSeconds - spent) / Math.max(perIteration, 1e-9))));
    measurement = await sample(state, iterations);
    spent += measurement.seconds;
    perIteration = measurement.seconds / iterations;
  }
  if (fixed === undefined)
    state.iterations = Math.max(1, Math.round(config.sampleSeconds / Math.max(perIteration, 1e-9)));
}

export interface CaseContext {
  peers: Peers;
  config: RunConfig;
  /** Only these libraries (all when undefined). */
  libraries?: readonly LibraryId[];
  progress?: Progress;
}

/** Runs one case: set-up, warm-up and calibration per library, then rounds in library order. */
export async function runCase(benchCase: BenchCase, context: CaseContext): Promise<CaseResult> {
  const { peers, config, progress = () => {} } = context;
  const start = performance.now();
  const skipped: CaseResult['skipped'] = {};
  const states: LibraryState[] = [];
  for (const library of LIBRARIES) {
    if (context.libraries !== undefined && !context.libraries.includes(library)) continue;
    const omitted = benchCase.omitted?.[library];
    if (omitted !== undefined) {
      skipped[library] = omitted;
      continue;
    }
    const factory = benchCase.libraries[library];
    if (factory === undefined) continue;
    const unavailable = peers.unavailable[library];
    if (unavailable !== undefined) {
      skipped[library] = unavailable;
      continue;
    }
    progress(`${benchCase.label}: setting up and warming up ${LIBRARY_LABELS[library]}`);
    try {
      const state: LibraryState = { library, runner: await factory(peers), iterations: 1, rounds: 0, samples: [] };
      states.push(state);
      await calibrate(state, benchCase, config);
    } catch (error) {
      skipped[library] = `failed: ${message(error)}`;
      const failed = states.findIndex((state) => state.library === library);
      if (failed >= 0) await disposeState(states.splice(failed, 1)[0]!);
    }
  }

  const rounds = Math.max(0, ...states.map((state) => state.rounds));
  let previous = states.at(-1); // the last one calibrated ran just before the first round
  for (let round = 0; round < rounds; round++) {
    progress(`${benchCase.label}: round ${round + 1}/${rounds}`);
    for (const state of states) {
      if (round >= state.rounds || skipped[state.library] !== undefined) continue;
      const settle = previous !== state ? (previous?.runner.settleSeconds ?? 0) : 0;
      if (settle > 0) await new Promise((resolve) => setTimeout(resolve, settle * 1000));
      previous = state;
      try {
        state.samples.push(await sample(state, state.iterations));
      } catch (error) {
        skipped[state.library] = `failed: ${message(error)}`;
      }
    }
  }
  for (const state of states) await disposeState(state);

  const measured = states.filter((state) => state.samples.length > 0 && skipped[state.library] === undefined);
  const values: CaseResult['values'] = {};
  const detail: CaseResult['detail'] = {};
  for (const state of measured) {
    const last = state.samples.at(-1)!;
    if (last.values !== undefined) values[state.library] = last.values;
    if (last.detail !== undefined) detail[state.library] = last.detail;
  }
  const metrics = benchCase.metrics.map((metric): MetricResult => {
    const figures: MetricResult['figures'] = {};
    for (const state of measured) {
      figures[state.library] = {
        ...summarize(state.samples.map((measurement) => metric.value(measurement))),
        iterationsPerSample: state.iterations,
      };
    }
    const ratios: MetricResult['advantage'] = {};
    const torchlet = figures.torchlet;
    if (torchlet !== undefined && metric.ratio !== false) {
      for (const [library, figure] of Object.entries(figures) as [LibraryId, { median: number }][]) {
        if (library === 'torchlet') continue;
        const ratio = advantage(torchlet.median, figure.median, metric.better);
        if (ratio !== null) ratios[library] = ratio;
      }
    }
    return {
      id: metric.id,
      label: metric.label,
      unit: metric.unit,
      better: metric.better,
      figures,
      advantage: ratios,
    };
  });
  const seconds = (performance.now() - start) / 1000;
  progress(`${benchCase.label}: done in ${seconds.toFixed(1)} s`, true);
  return { id: benchCase.id, label: benchCase.label, metrics, skipped, values, detail, seconds };
}

async function disposeState(state: LibraryState): Promise<void> {
  try {
    await state.runner.dispose?.();
  } catch {
    // a failed dispose must not hide the figures already measured
  }
}

export async function runWorkload(
  workload: Workload,
  context: CaseContext & { quick: boolean },
): Promise<WorkloadResult> {
  const start = performance.now();
  const cases: CaseResult[] = [];
  for (const benchCase of workload.cases({ quick: context.quick })) {
    cases.push(
      await runCase(benchCase, {
        ...context,
        progress: (text, done) => context.progress?.(`${workload.id} › ${text}`, done),
      }),
    );
  }
  return {
    id: workload.id,
    label: workload.label,
    description: workload.description,
    cases,
    seconds: (performance.now() - start) / 1000,
  };
}
