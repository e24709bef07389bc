// The packages alone in a browser page: their main entries bundled, the root README's examples,
// a large product on the WebAssembly kernels, safetensors in and out, the strided loops.
import { ENTRIES } from './entries.js';
import { largeMatmul } from './matmul.js';
import { runReadmeExamples } from './readme-examples.js';
import type { PackagesReport } from './report.js';
import { goldenFiles, roundTrip } from './safetensors.js';
import { stridedEngine } from './strided.js';

async function run(): Promise<PackagesReport> {
  return {
    entries: Object.fromEntries(Object.entries(ENTRIES).map(([name, exports]) => [name, Object.keys(exports).length])),
    strided: await stridedEngine(),
    readme: await runReadmeExamples(),
    matmul: await largeMatmul(),
    safetensors: await goldenFiles(),
    roundTrip: roundTrip(),
    crossOriginIsolated,
  };
}

run().then(
  (report) => {
    document.body.dataset['report'] = JSON.stringify(report);
    document.body.dataset['state'] = 'done';
  },
  (error: unknown) => {
    document.body.dataset['error'] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    document.body.dataset['state'] = 'error';
  },
);
