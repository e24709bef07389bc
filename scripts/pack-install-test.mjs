#!/usr/bin/env node
// Proves each package works when installed alone from its packed tarball, as a user gets it:
// builds, packs every package with pnpm, lints the tarballs (publint; are-the-types-wrong for
// ESM consumers), then for each scenario installs only the tarballs it needs into a blank
// project with plain npm (no workspace), type-checks a consumer script against the published
// .d.ts files and runs it with plain node.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const here = join(root, 'scripts', 'pack-install');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Which tarballs each consumer script installs: the package under test and its dependencies. */
const SCENARIOS = [
  { script: 'tensor-only.ts', packages: ['tensor'] },
  { script: 'autograd.ts', packages: ['tensor', 'autograd'] },
  { script: 'nn.ts', packages: ['tensor', 'autograd', 'nn'] },
  { script: 'concise.ts', packages: ['tensor', 'autograd', 'nn', 'data', 'optim'] },
  { script: 'checkpoint.ts', packages: ['tensor', 'checkpoint'], types: ['@types/node'] },
  { script: 'metrics.ts', packages: ['tensor', 'autograd', 'metrics'] },
  {
    script: 'onnx.ts',
    packages: ['tensor', 'autograd', 'nn', 'checkpoint', 'onnx'],
    types: ['@types/node'],
  },
];

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

function pnpm(args, options) {
  // Inside `pnpm run`, npm_execpath is pnpm's own entry point; elsewhere use the one on PATH.
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && /\.[cm]?js$/.test(execPath))
    run(process.execPath, [execPath, ...args], options);
  else run('pnpm', args, options);
}

const work = mkdtempSync(join(tmpdir(), 'torchlet-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
try {
  console.log('pack-install: building the packages');
  run(bin('turbo'), ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], { cwd: root });

  const names = readdirSync(join(root, 'packages'));
  const tarballOf = {};
  for (const name of names) {
    const dir = join(root, 'packages', name);
    const before = new Set(readdirSync(tarballs));
    pnpm(['pack', '--pack-destination', tarballs], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const created = readdirSync(tarballs).find((f) => !before.has(f));
    tarballOf[name] = join(tarballs, created);
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarballOf[name], 'package/package.json'], { encoding: 'utf8' }),
    );
    if (JSON.stringify(manifest).includes('workspace:'))
      throw new Error(`${created}: a workspace: range was published`);
    if (manifest.sideEffects !== false) throw new Error(`${created}: sideEffects must be false`);
    console.log(`pack-install: linting ${created}`);
    const unpacked = join(work, 'unpacked', name);
    mkdirSync(unpacked, { recursive: true });
    run('tar', ['-xzf', tarballOf[name], '-C', unpacked, '--strip-components=1']);
    run(bin('publint'), ['run', unpacked, '--strict', '--level', 'warning'], { cwd: root });
    run(bin('attw'), [tarballOf[name], '--profile', 'esm-only', '--format', 'table-flipped', '--quiet'], { cwd: root });
  }

  for (const scenario of SCENARIOS) {
    const project = join(work, scenario.script.replace(/\.ts$/, ''));
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    console.log(
      `pack-install: ${scenario.script}: npm install ${scenario.packages.map((p) => `@torchlet/${p}`).join(' ')}`,
    );
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...scenario.packages.map((p) => tarballOf[p])],
      { cwd: project },
    );
    writeFileSync(join(project, 'main.ts'), readFileSync(join(here, scenario.script)));
    // The consumer's own strict compile against the published .d.ts files (skipLibCheck off).
    const compilerOptions = {
      strict: true,
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      skipLibCheck: false,
      types: [],
    };
    if (scenario.types)
      Object.assign(compilerOptions, { types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] });
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
    run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: project,
    });
    run(process.execPath, ['main.js'], { cwd: project });
  }
  console.log(`pack-install: ${names.length} packages packed and linted, ${SCENARIOS.length} consumer projects passed`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
