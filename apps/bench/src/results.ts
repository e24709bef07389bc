import type { Summary } from './stats.js';
import type { LibraryId } from './workload.js';

/** One library's figures for one metric: the summary of its samples, and iterations per sample. */
export interface LibraryFigure extends Summary {
  iterationsPerSample: number;
}

export interface MetricResult {
  id: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  figures: Partial<Record<LibraryId, LibraryFigure>>;
  /** Per peer: how many times better torchlet's median is (> 1: torchlet wins). */
  advantage: Partial<Record<LibraryId, number>>;
}

export interface CaseResult {
  id: string;
  label: string;
  metrics: MetricResult[];
  /** Libraries with no figures, and why (not installed, left out on purpose, failed). */
  skipped: Partial<Record<LibraryId, string>>;
  /** Other values the last sample reported (final loss, ...), per library. */
  values: Partial<Record<LibraryId, Record<string, number>>>;
  detail: Partial<Record<LibraryId, unknown>>;
  seconds: number;
}

export interface WorkloadResult {
  id: string;
  label: string;
  description: string;
  cases: CaseResult[];
  seconds: number;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  v8: string;
  platform: string;
  date: string;
  /** One-minute load average when the run started and when it ended (the bench itself keeps one or two cores busy). */
  loadAverage: { start: number; end: number };
}

export interface BenchResults {
  mode: 'quick' | 'full';
  machine: MachineInfo;
  config: Record<string, number>;
  /** Versions and notes per library (PyTorch: threads and BLAS). */
  libraries: Partial<Record<LibraryId, string>>;
  unavailable: Partial<Record<LibraryId, string>>;
  /** Said above the tables: a peer not at its best (PyTorch on the reference BLAS, say). */
  warnings?: string[];
  workloads: WorkloadResult[];
  seconds: number;
}
