import { describe, expect, test } from 'vitest';
import { runCase, type RunConfig } from './runner.js';
import type { BenchCase, LibraryId, Peers, Runner } from './workload.js';

const CONFIG: RunConfig = { rounds: 3, warmupSeconds: 0, sampleSeconds: 0, slowIterationSeconds: 10, slowRounds: 1 };
const PEERS: Peers = { tf: null, pytorch: null, python: 'python3', pythonEnv: {}, unavailable: {} };

/** A runner that reports `secondsPerIteration` without spending it, logging each call. */
function fakeRunner(library: LibraryId, secondsPerIteration: number, log: string[]): Runner {
  return {
    activate: () => {
      log.push(`activate ${library}`);
    },
    run: (iterations) => {
      log.push(`run ${library} ${iterations}`);
      return { seconds: secondsPerIteration * iterations, iterations, values: { seen: iterations } };
    },
  };
}

function timeCase(libraries: BenchCase['libraries'], extra: Partial<BenchCase> = {}): BenchCase {
  return {
    id: 'case',
    label: 'a case',
    metrics: [{ id: 'time', label: 'time', unit: 's', better: 'lower', value: (m) => m.seconds / m.iterations }],
    libraries,
    ...extra,
  };
}

describe('runCase', () => {
  test("waits a runner's settleSeconds before another library's sample, not before its own", async () => {
    const log: string[] = [];
    const timed = (library: LibraryId): Runner => {
      const runner = fakeRunner(library, 0.001, log);
      return { ...runner, run: (n) => (log.push(`at ${library} ${performance.now()}`), runner.run(n)) };
    };
    await runCase(
      timeCase({
        torchlet: () => timed('torchlet'),
        pytorch: () => ({ ...timed('pytorch'), settleSeconds: 0.05 }),
      }),
      { peers: PEERS, config: { ...CONFIG, rounds: 2 } },
    );
    const times = log.filter((line) => line.startsWith('at ')).map((line) => line.split(' '));
    // warm-ups (torchlet, pytorch), then rounds: torchlet, pytorch, torchlet, pytorch
    const gaps = times
      .slice(1)
      .map(([, library], i) => [times[i]![1], library, Number(times[i + 1]![2]) - Number(times[i]![2])]);
    const afterPytorch = gaps.filter(([from, to]) => from === 'pytorch' && to === 'torchlet');
    expect(afterPytorch.length).toBe(2);
    for (const [, , ms] of afterPytorch) expect(ms).toBeGreaterThanOrEqual(45);
    for (const [from, , ms] of gaps) if (from === 'torchlet') expect(ms).toBeLessThan(45);
  });

  test('alternates libraries round by round (A/B/A/B) after warming each up', async () => {
    const log: string[] = [];
    const result = await runCase(
      timeCase({
        torchlet: () => fakeRunner('torchlet', 0.001, log),
        'tfjs-cpu': () => fakeRunner('tfjs-cpu', 0.004, log),
      }),
      { peers: PEERS, config: CONFIG },
    );
    const runs = log.filter((line) => line.startsWith('run'));
    // one warm-up run each, then three rounds in library order
    expect(runs).toEqual([
      'run torchlet 1',
      'run tfjs-cpu 1',
      'run torchlet 1',
      'run tfjs-cpu 1',
      'run torchlet 1',
      'run tfjs-cpu 1',
      'run torchlet 1',
      'run tfjs-cpu 1',
    ]);
    expect(log.filter((line) => line.startsWith('activate')).length).toBe(runs.length);
    const [metric] = result.metrics;
    expect(metric!.figures.torchlet).toMatchObject({ median: 0.001, min: 0.001, max: 0.001, samples: 3 });
    expect(metric!.figures['tfjs-cpu']!.median).toBeCloseTo(0.004);
    expect(metric!.advantage['tfjs-cpu']).toBeCloseTo(4);
    expect(result.values.torchlet).toEqual({ seen: 1 });
  });

  test('calibrates iterations so that one sample lasts about sampleSeconds', async () => {
    const log: string[] = [];
    await runCase(timeCase({ torchlet: () => fakeRunner('torchlet', 0.001, log) }), {
      peers: PEERS,
      config: { ...CONFIG, warmupSeconds: 0.01, sampleSeconds: 0.05, rounds: 1 },
    });
    expect(log.at(-1)).toBe('run torchlet 50');
  });

  test('a case may ask for a longer warm-up than the mode gives', async () => {
    const log: string[] = [];
    await runCase(
      timeCase({ torchlet: () => fakeRunner('torchlet', 0.001, log) }, { iterations: 1, minWarmupSeconds: 0.0045 }),
      {
        peers: PEERS,
        config: { ...CONFIG, rounds: 1 },
      },
    );
    // five warm-up runs of 1 ms (0.0045 s needs five), then the one round
    expect(log.filter((line) => line.startsWith('run'))).toHaveLength(6);
  });

  test('a slow library gets slowRounds rounds; with slowRounds 0 its first run is its one sample', async () => {
    const log: string[] = [];
    const slow = { ...CONFIG, slowIterationSeconds: 1, slowRounds: 1 };
    const result = await runCase(
      timeCase({ torchlet: () => fakeRunner('torchlet', 0.01, log), 'tfjs-cpu': () => fakeRunner('tfjs-cpu', 3, log) }),
      { peers: PEERS, config: slow },
    );
    expect(result.metrics[0]!.figures['tfjs-cpu']!.samples).toBe(1);
    expect(result.metrics[0]!.figures.torchlet!.samples).toBe(3);
    expect(log.filter((line) => line === 'run tfjs-cpu 1')).toHaveLength(2);

    const quickLog: string[] = [];
    const quick = await runCase(timeCase({ 'tfjs-cpu': () => fakeRunner('tfjs-cpu', 3, quickLog) }), {
      peers: PEERS,
      config: { ...slow, slowRounds: 0 },
    });
    expect(quick.metrics[0]!.figures['tfjs-cpu']!.samples).toBe(1);
    expect(quickLog.filter((line) => line.startsWith('run'))).toEqual(['run tfjs-cpu 1']);
  });

  test('fixed iterations, no warm-up and at most maxRounds rounds when the case says so', async () => {
    const log: string[] = [];
    await runCase(
      timeCase({ torchlet: () => fakeRunner('torchlet', 0.5, log) }, { iterations: 2, warmup: false, maxRounds: 2 }),
      {
        peers: PEERS,
        config: CONFIG,
      },
    );
    expect(log.filter((line) => line.startsWith('run'))).toEqual(['run torchlet 2', 'run torchlet 2']);
  });

  test('unavailable, omitted and failing libraries are skipped with their reason; the rest still run', async () => {
    const log: string[] = [];
    const result = await runCase(
      timeCase(
        {
          torchlet: () => fakeRunner('torchlet', 0.001, log),
          'tfjs-wasm': () => {
            throw new Error('no wasm');
          },
          'js-pytorch': () => ({
            run: () => {
              throw new Error('shape mismatch');
            },
          }),
          pytorch: () => fakeRunner('pytorch', 0.001, log),
          'tfjs-cpu': () => fakeRunner('tfjs-cpu', 0.001, log),
        },
        { omitted: { 'tfjs-cpu': 'not comparable' } },
      ),
      { peers: { ...PEERS, unavailable: { pytorch: 'no torch' } }, config: CONFIG },
    );
    expect(result.skipped).toEqual({
      'tfjs-cpu': 'not comparable',
      'tfjs-wasm': 'failed: no wasm',
      'js-pytorch': 'failed: shape mismatch',
      pytorch: 'no torch',
    });
    expect(Object.keys(result.metrics[0]!.figures)).toEqual(['torchlet']);
    expect(result.metrics[0]!.advantage).toEqual({});
  });

  test('no ratio for a metric marked ratio: false', async () => {
    const result = await runCase(
      {
        ...timeCase({
          torchlet: () => fakeRunner('torchlet', 1, []),
          'tfjs-cpu': () => fakeRunner('tfjs-cpu', 2, []),
        }),
        metrics: [
          { id: 'growth', label: 'growth', unit: 'MB', better: 'lower', ratio: false, value: (m) => m.seconds },
        ],
      },
      { peers: PEERS, config: { ...CONFIG, slowIterationSeconds: 100 } },
    );
    expect(result.metrics[0]!.advantage).toEqual({});
  });
});
