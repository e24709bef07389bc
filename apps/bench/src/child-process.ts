import { spawn } from 'node:child_process';

// Child processes of the bench (seed-cold's programs, memory's children): started, awaited, timed.

/** A finished child: what it printed, and how long it ran. */
export interface ProcessResult {
  stdout: string;
  /** From spawn to exit, as the parent sees it: runtime start, imports, the program. */
  seconds: number;
}

/** Runs a program to its end; rejects with its last stderr lines when it fails. */
export function timeProcess(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const seconds = (performance.now() - start) / 1000;
      if (code === 0) return resolve({ stdout, seconds });
      const last = stderr.trim().split('\n').slice(-3).join(' / ');
      reject(new Error(`${args[0]} exited with code ${code ?? signal}${last ? `: ${last}` : ''}`));
    });
  });
}
