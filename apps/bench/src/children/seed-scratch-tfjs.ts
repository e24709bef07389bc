// The seed scratch program in tfjs (`cpu` or `wasm`, the second argument), as a process of its own.
import { loadTfjs, useBackend } from '../tfjs.js';
import { seedScratchTfjs } from '../workloads/seed-scratch/tfjs.js';
import { childArguments, reportDone, reportEpoch } from './report.js';

const { epochs, extra } = childArguments();
const backend = extra === 'wasm' ? 'wasm' : 'cpu';
const tf = await loadTfjs([backend]);
await useBackend(tf, backend);
seedScratchTfjs(tf, { epochs, onEpoch: reportEpoch });
reportDone();
