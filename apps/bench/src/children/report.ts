import { readFileSync } from 'node:fs';

/**
 * What a memory child prints, one JSON line each: `{epoch, rssMb, heapMb}` after every epoch,
 * then `{done: true, maxRssMb}` with the process's peak RSS.
 */
export interface EpochReport {
  epoch: number;
  rssMb: number;
  heapMb: number;
}
export interface DoneReport {
  done: true;
  maxRssMb: number;
}

const MB = 1024 * 1024;

export function reportEpoch(epoch: number): void {
  const usage = process.memoryUsage();
  const report: EpochReport = { epoch, rssMb: usage.rss / MB, heapMb: usage.heapUsed / MB };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/**
 * Peak RSS in MB. On Linux `process.resourceUsage().maxRSS` (getrusage) is no good in a child:
 * the kernel carries the high-water mark of the forked copy of the parent across exec, so every
 * child of a 150 MB bench would report at least 150 MB. VmHWM in /proc/self/status is the peak
 * of this program's own address space; other systems fall back to maxRSS.
 */
export function peakRssMb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return (Number(match[1]) * 1024) / MB;
  } catch {
    // not Linux
  }
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

export function reportDone(): void {
  const report: DoneReport = { done: true, maxRssMb: peakRssMb() };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** `node child.mjs [epochs] [extra]`. */
export function childArguments(): { epochs: number; extra: string | undefined } {
  const epochs = Number(process.argv[2] ?? 3);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a positive integer, got ${process.argv[2]}`);
  return { epochs, extra: process.argv[3] };
}
