// The seed scratch program in js-pytorch, as a process of its own for the memory workload.
import { seedScratchJsPytorch } from '../workloads/seed-scratch/js-pytorch.js';
import { childArguments, reportDone, reportEpoch } from './report.js';

const { epochs } = childArguments();
seedScratchJsPytorch({ epochs, onEpoch: reportEpoch });
reportDone();
