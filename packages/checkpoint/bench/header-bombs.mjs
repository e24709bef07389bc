// Checks the bound the safetensors reader promises: every header, malformed or not, is read or
// refused in time linear in its size and with memory a small multiple of it. Bracket bombs,
// deep objects, endless shapes, huge numbers, escapes, thousands of entries — each built at
// several sizes up to 100 MB (the format's header limit) and decoded in a fresh Node process, so
// its time and peak memory are its own.
//
//   node packages/checkpoint/bench/header-bombs.mjs                 (1, 10 and 50 MB)
//   node packages/checkpoint/bench/header-bombs.mjs --sizes 1,100   (sizes in MB)
//   pnpm --filter @torchlet/checkpoint bench:headers
//
// Prints one line per case and size, and exits non-zero if a case is refused with anything but a
// CheckpointError, accepted when it should be refused (or the other way), or breaks the bound:
// more than MS_PER_MB milliseconds per MB (plus a start-up allowance), or a peak resident memory
// beyond MEMORY_PER_BYTE times the header size (plus an allowance for the heap to grow). This is
// a benchmark, not a unit test: timings depend on the machine, so it is run by hand.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MS_PER_MB = 150;
const MS_ALLOWANCE = 250;
const MEMORY_PER_BYTE = 14;
const MEMORY_ALLOWANCE = 48 * 2 ** 20;
const MB = 1_000_000;

/** Each case: the header text's parts (repeated middle), and whether the reader must accept it. */
const CASES = {
  'open brackets': { accept: false, head: '{"w":', unit: '[', tail: '' },
  'closed brackets': { accept: false, head: '{"w":', unit: '[', tail: '', mirror: ']', end: '}' },
  'deep objects': { accept: false, head: '', unit: '{"a":', tail: '' },
  'deep shape': { accept: false, head: '{"w":{"dtype":"F32","shape":', unit: '[', tail: '' },
  'endless shape, bad last dim': {
    accept: false,
    head: '{"w":{"dtype":"U8","shape":[',
    unit: '1,',
    tail: '-1],"data_offsets":[0,1]}}',
  },
  'huge number': { accept: false, head: '{"w":{"dtype":"F32","shape":[', unit: '9', tail: '],"data_offsets":[0,4]}}' },
  'tensors, then a duplicate': {
    accept: false,
    head: '{',
    unit: (i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},`,
    tail: '"t0":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}',
  },
  'metadata, then a number': { accept: false, head: '{"__metadata__":{', unit: (i) => `"k${i}":"v",`, tail: '"z":1}}' },
  'tensors (valid)': {
    accept: true,
    head: '{',
    unit: (i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},`,
    tail: '"end":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}',
  },
  'long string (valid)': { accept: true, head: '{"__metadata__":{"k":"', unit: 'x', tail: '"}}' },
  'escapes (valid)': { accept: true, head: '{"__metadata__":{"k":"', unit: '\\u00e9', tail: '"}}' },
  'surrogate pairs (valid)': { accept: true, head: '{"__metadata__":{"k":"', unit: '\\ud83d\\ude00', tail: '"}}' },
  'whitespace (valid)': { accept: true, head: '{', unit: ' ', tail: '}' },
};

/**
 * The file: length prefix, then a header of at most `size` bytes, built in one buffer (no other
 * large allocation, so the child's peak memory before decoding is the file itself).
 */
function buildFile(spec, size) {
  const encoder = new TextEncoder();
  const unitOf = typeof spec.unit === 'string' ? () => spec.unit : spec.unit;
  const closing = spec.mirror ?? '';
  const fixed = spec.head.length + spec.tail.length + (spec.end?.length ?? 0);
  // ASCII only, so string lengths are byte lengths.
  let length = fixed;
  let count = 0;
  while (length + unitOf(count).length + closing.length <= size) length += unitOf(count++).length + closing.length;
  const file = new Uint8Array(8 + length);
  new DataView(file.buffer).setBigUint64(0, BigInt(length), true);
  let at = 8;
  const put = (text) => {
    at += encoder.encodeInto(text, file.subarray(at)).written;
  };
  put(spec.head);
  for (let i = 0; i < count; i++) put(unitOf(i));
  if (closing !== '') for (let i = 0; i < count; i++) put(closing);
  put(spec.tail);
  if (spec.end !== undefined) put(spec.end);
  return file;
}

async function child(bundle, name, size) {
  const { readSafetensorsHeader } = await import(pathToFileURL(bundle).href);
  let file = buildFile(CASES[name], size);
  const headerLength = file.length - 8;
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  let outcome;
  let message = '';
  try {
    const header = readSafetensorsHeader(file);
    outcome = 'accepted';
    message = `${header.entries.length} tensors, ${Object.keys(header.metadata).length} metadata keys`;
  } catch (error) {
    outcome = error?.name === 'CheckpointError' ? 'refused' : `threw ${error?.name}`;
    message = String(error?.message ?? error).slice(0, 140);
  }
  const ms = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024;
  file = undefined;
  process.stdout.write(JSON.stringify({ outcome, ms, extra: Math.max(0, peak - before), headerLength, message }));
}

async function main() {
  const sizesArg = process.argv.indexOf('--sizes');
  const sizes = (sizesArg === -1 ? '1,10,50' : process.argv[sizesArg + 1]).split(',').map(Number);
  const { build } = await import('esbuild');
  const directory = mkdtempSync(join(tmpdir(), 'torchlet-header-bombs-'));
  const bundle = join(directory, 'checkpoint.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@torchlet/source'],
    outfile: bundle,
    logLevel: 'warning',
  });
  const failures = [];
  console.log(`case                           size   outcome   time (ms)  ms/MB  peak extra memory  × header`);
  try {
    for (const [name, spec] of Object.entries(CASES)) {
      for (const sizeMB of sizes) {
        const size = Math.min(sizeMB * MB, 100 * MB);
        const run = spawnSync(
          process.execPath,
          ['--expose-gc', fileURLToPath(import.meta.url), '--child', bundle, name, String(size)],
          { encoding: 'utf8', maxBuffer: 1 << 20 },
        );
        if (run.status !== 0) {
          failures.push(
            `${name} at ${sizeMB} MB: the child process failed (${run.signal ?? run.status}): ${run.stderr.slice(0, 300)}`,
          );
          continue;
        }
        const result = JSON.parse(run.stdout);
        const headerMB = result.headerLength / MB;
        const msLimit = MS_ALLOWANCE + MS_PER_MB * headerMB;
        const memoryLimit = MEMORY_ALLOWANCE + MEMORY_PER_BYTE * result.headerLength;
        const expected = spec.accept ? 'accepted' : 'refused';
        console.log(
          [
            name.padEnd(30),
            `${sizeMB} MB`.padStart(6),
            result.outcome.padEnd(9),
            result.ms.toFixed(0).padStart(10),
            (result.ms / headerMB).toFixed(1).padStart(6),
            `${(result.extra / 2 ** 20).toFixed(0)} MiB`.padStart(18),
            (result.extra / result.headerLength).toFixed(2).padStart(9),
          ].join(' '),
        );
        if (result.outcome !== expected)
          failures.push(`${name} at ${sizeMB} MB: ${result.outcome}, expected ${expected}: ${result.message}`);
        if (result.ms > msLimit)
          failures.push(`${name} at ${sizeMB} MB: ${result.ms.toFixed(0)} ms, over the ${msLimit.toFixed(0)} ms bound`);
        if (result.extra > memoryLimit) {
          failures.push(
            `${name} at ${sizeMB} MB: ${(result.extra / 2 ** 20).toFixed(0)} MiB, over the ${(memoryLimit / 2 ** 20).toFixed(0)} MiB bound`,
          );
        }
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} bound(s) broken:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      `\nall within ${MS_PER_MB} ms/MB (+${MS_ALLOWANCE} ms) and ${MEMORY_PER_BYTE}× the header (+${MEMORY_ALLOWANCE / 2 ** 20} MiB)`,
    );
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], Number(process.argv[5]));
else await main();
