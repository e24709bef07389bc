import type { Workload } from '../workload.js';
import { elementwiseWorkload } from './elementwise.js';
import { lenetWorkload } from './lenet.js';
import { lstmWorkload } from './lstm.js';
import { matmulWorkload } from './matmul.js';
import { memoryWorkload } from './memory.js';
import { mlpWorkload } from './mlp.js';
import { perOpWorkload } from './per-op.js';
import { seedColdWorkload } from './seed-cold.js';
import { seedConciseWorkload } from './seed-concise/index.js';
import { seedScratchWorkload } from './seed-scratch/index.js';

/** Every workload, in the order a full run takes them. */
export const WORKLOADS: readonly Workload[] = [
  seedScratchWorkload,
  seedConciseWorkload,
  seedColdWorkload,
  matmulWorkload,
  mlpWorkload,
  lenetWorkload,
  lstmWorkload,
  elementwiseWorkload,
  perOpWorkload,
  memoryWorkload,
];
