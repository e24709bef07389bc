// One seed program in torchlet, 3 epochs, in a fresh process: the tutorial as a user runs it.
import { seedConciseTorchlet } from '../workloads/seed-concise/torchlet.js';
import { seedScratchTorchlet } from '../workloads/seed-scratch/torchlet.js';
import { coldArguments, reportCold } from './cold.js';

const { program } = coldArguments();
reportCold(program === 'scratch' ? seedScratchTorchlet() : seedConciseTorchlet());
