// The page's four workers, one per model. Each `new URL(..., import.meta.url)` is written out so
// Vite finds and bundles the worker.
import type { ClassificationApi, DigitsApi, LetterXApi, RegressionApi } from './protocol/apis.js';
import { WorkerClient } from './worker-client.js';

export function regressionWorker(): WorkerClient<RegressionApi> {
  return new WorkerClient(
    new Worker(new URL('./workers/regression.worker.ts', import.meta.url), { type: 'module', name: 'regression' }),
  );
}

export function classificationWorker(): WorkerClient<ClassificationApi> {
  return new WorkerClient(
    new Worker(new URL('./workers/classification.worker.ts', import.meta.url), {
      type: 'module',
      name: 'classification',
    }),
  );
}

export function digitsWorker(): WorkerClient<DigitsApi> {
  return new WorkerClient(
    new Worker(new URL('./workers/digits.worker.ts', import.meta.url), { type: 'module', name: 'digits' }),
  );
}

export function letterXWorker(): WorkerClient<LetterXApi> {
  return new WorkerClient(
    new Worker(new URL('./workers/letter-x.worker.ts', import.meta.url), { type: 'module', name: 'letter-x' }),
  );
}
