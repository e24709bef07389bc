// The seed scratch program in torchlet, as a process of its own for the memory workload.
import { seedScratchTorchlet } from '../workloads/seed-scratch/torchlet.js';
import { childArguments, reportDone, reportEpoch } from './report.js';

const { epochs } = childArguments();
seedScratchTorchlet({ epochs, onEpoch: reportEpoch });
reportDone();
