/** Where a demo part writes: lines for the reader, and progress that may be redrawn. */
export interface Output {
  line(text?: string): void;
  /** A progress update (epoch/batch); drawn as a bar on a terminal, dropped otherwise. */
  progress(label: string, done: number, total: number): void;
  /** Clears any progress bar before normal output continues. */
  clearProgress(): void;
}

const BAR_WIDTH = 24;

/** Writes lines to stdout and, when stderr is a terminal, a one-line progress bar to stderr. */
export function consoleOutput(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Output {
  let drawn = false;
  const clear = () => {
    if (drawn) stderr.write('\r\u001b[2K');
    drawn = false;
  };
  return {
    line(text = '') {
      clear();
      stdout.write(`${text}\n`);
    },
    progress(label, done, total) {
      if (!stderr.isTTY) return;
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
      stderr.write(`\r\u001b[2K${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`);
      drawn = true;
    },
    clearProgress: clear,
  };
}

/** Collects lines in memory (tests). */
export function memoryOutput(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (text = '') => lines.push(...text.split('\n')), progress: () => {}, clearProgress: () => {} };
}
