// One seed program in tfjs (`cpu` or `wasm`, the second argument), 3 epochs, in a fresh process.
import { loadTfjs, useBackend } from '../tfjs.js';
import { seedConciseTfjs } from '../workloads/seed-concise/tfjs.js';
import { seedScratchTfjs } from '../workloads/seed-scratch/tfjs.js';
import { coldArguments, reportCold } from './cold.js';

const { program, backend: requested } = coldArguments();
const backend = requested === 'wasm' ? 'wasm' : 'cpu';
const tf = await loadTfjs([backend]);
await useBackend(tf, backend);
reportCold(program === 'scratch' ? seedScratchTfjs(tf) : await seedConciseTfjs(tf));
