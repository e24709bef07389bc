// Runs every vitest suite alone (one file at a time, one worker) and checks that each test takes
// less than a fifth of its timeout: a test that passes on a quiet machine must keep passing on a
// loaded 2-core one, where everything runs several times slower. Prints the slowest tests.
//
//   node scripts/test-budget.mjs [vitest filters...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'torchlet-test-budget-'));
const budgetFile = join(dir, 'tests.jsonl');
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const run = spawnSync(vitest, ['run', '--no-file-parallelism', '--maxWorkers=1', ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, TORCHLET_TEST_BUDGET: budgetFile },
});
const records = readFileSync(budgetFile, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
rmSync(dir, { recursive: true, force: true });

records.sort((a, b) => b.ms / b.timeout - a.ms / a.timeout);
const over = records.filter((r) => r.ms * 5 > r.timeout);
const show = (r) =>
  `${String(r.ms).padStart(7)} ms of ${String(r.timeout).padStart(6)} ms (${((100 * r.ms) / r.timeout).toFixed(1)}%)  ${relative(root, r.file)} > ${r.name}`;
console.log(`${records.length} tests run alone; the ten closest to their timeout:`);
for (const r of records.slice(0, 10)) console.log(`  ${show(r)}`);
if (run.status !== 0) {
  console.error(`vitest exited with ${run.status}`);
  process.exit(1);
}
if (over.length > 0) {
  console.error(`\n${over.length} test(s) take more than a fifth of their timeout:`);
  for (const r of over) console.error(`  ${show(r)}`);
  process.exit(1);
}
console.log('every test takes less than a fifth of its timeout');
