// One seed program in js-pytorch, 3 epochs, in a fresh process.
import { seedConciseJsPytorch } from '../workloads/seed-concise/js-pytorch.js';
import { seedScratchJsPytorch } from '../workloads/seed-scratch/js-pytorch.js';
import { coldArguments, reportCold } from './cold.js';

const { program } = coldArguments();
reportCold(program === 'scratch' ? seedScratchJsPytorch() : seedConciseJsPytorch());
