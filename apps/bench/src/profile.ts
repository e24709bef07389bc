// Where torchlet's time goes in the seed scratch loop: runs the bench's torchlet implementation
// under V8's sampling profiler (node:inspector, in this process, after a warm-up run, so start-up
// and module loading stay out) and prints the functions and files with the most self time,
// mapped back to the TypeScript sources through the bundle's source map.
//
//   pnpm --filter @torchlet/bench run profile [epochs = 100] [top = 25]
//
// The .cpuprofile is kept under node_modules/.cache/torchlet-bench/ for Chrome DevTools or speedscope.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNumber, renderTextTable } from './format.js';
import { CACHE_DIRECTORY } from './paths.js';
import { selfTimes, sourceMapLocator, type CpuProfile, type SelfTime } from './self-time.js';
import { seedScratchTorchlet } from './workloads/seed-scratch/torchlet.js';

function table(entries: readonly SelfTime[], total: number, top: number, byFile: boolean): string {
  const rows = entries.slice(0, top).map((entry) => {
    const row = [
      formatNumber(entry.microseconds / 1000),
      `${((100 * entry.microseconds) / total).toFixed(1)}%`,
      entry.name,
    ];
    if (!byFile) row.push(entry.file);
    return row;
  });
  return renderTextTable(['self ms', 'share', byFile ? 'file' : 'function', ...(byFile ? [] : ['file'])], rows, [
    'right',
    'right',
    'left',
    'left',
  ]);
}

async function main(): Promise<void> {
  const epochs = Number(process.argv[2] ?? 100);
  const top = Number(process.argv[3] ?? 25);
  seedScratchTorchlet(); // warm-up: JIT tiers, ndarray-ops' compiled loops
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const run = seedScratchTorchlet({ epochs });
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  session.disconnect();

  mkdirSync(CACHE_DIRECTORY, { recursive: true });
  const file = join(CACHE_DIRECTORY, 'seed-scratch.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));
  const locate = sourceMapLocator(import.meta.url, `${fileURLToPath(import.meta.url)}.map`);
  // The samples taken while Profiler.stop serialises the profile are the profiler's, not torchlet's.
  const exclude = (frame: { url: string }) => frame.url === 'node:inspector';
  const functions = selfTimes(profile, { locate, exclude });
  const files = selfTimes(profile, { locate, exclude, byFile: true });
  const total = functions.reduce((sum, entry) => sum + entry.microseconds, 0);
  process.stdout.write(
    [
      `torchlet seed scratch loop: ${epochs} epochs = ${run.steps} steps in ${formatNumber(run.seconds)} s (${formatNumber((run.seconds / run.steps) * 1e6)} µs a step), sampled every 100 µs`,
      `profile: ${file}`,
      '',
      'Self time by function',
      table(functions, total, top, false),
      '',
      'Self time by file',
      table(files, total, Math.min(top, 15), true),
      '',
    ].join('\n'),
  );
}

await main();
