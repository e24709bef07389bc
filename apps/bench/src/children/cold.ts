import type { SeedRun } from '../workloads/seed-run.js';

// What a seed-cold child prints: one JSON line after its program, then it exits. The parent
// times the whole process from spawn to exit itself.
export interface ColdReport {
  trainSeconds: number;
  finalLoss: number;
}

/** `node seed-cold-<library>.mjs scratch|concise [backend]`. */
export function coldArguments(): { program: 'scratch' | 'concise'; backend: string | undefined } {
  const program = process.argv[2];
  if (program !== 'scratch' && program !== 'concise')
    throw new Error(`the program must be scratch or concise, got ${program}`);
  return { program, backend: process.argv[3] };
}

export function reportCold(run: SeedRun): void {
  const report: ColdReport = { trainSeconds: run.seconds, finalLoss: run.losses.at(-1)! };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
