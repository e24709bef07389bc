import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { MachineInfo } from './results.js';

/** The machine, with the load average now as both start and end (the caller updates `end`). */
export function machineInfo(date = new Date()): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    date: date.toISOString(),
    loadAverage: { start: loadavg()[0]!, end: loadavg()[0]! },
  };
}

const require = createRequire(import.meta.url);

function readVersion(file: string): string | null {
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? null;
}

/**
 * The installed version of a package: from `name/package.json` where its exports allow it (the
 * workspace packages, whose entry points may not be built), else from the package.json above its
 * entry point (js-pytorch exports no package.json). Null when it is not installed.
 */
export function packageVersion(name: string): string | null {
  try {
    return readVersion(require.resolve(`${name}/package.json`));
  } catch {
    // not exported: look above the entry point
  }
  try {
    let directory = dirname(require.resolve(name));
    for (;;) {
      const file = join(directory, 'package.json');
      if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === name)
        return readVersion(file);
      const parent = dirname(directory);
      if (parent === directory) return null;
      directory = parent;
    }
  } catch {
    return null;
  }
}
