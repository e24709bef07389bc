import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { timeLoop, type RunnerFactory } from './workload.js';

export type Tfjs = typeof import('@tensorflow/tfjs');
export type TfjsBackend = 'cpu' | 'wasm';

const require = createRequire(import.meta.url);

/**
 * The folder holding tfjs-backend-wasm's .wasm binaries inside node_modules: `setWasmPaths`
 * points there, so nothing is fetched at run time.
 */
export function wasmDirectory(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

let loading: Promise<Tfjs> | null = null;

/**
 * Loads @tensorflow/tfjs (its cpu backend) and, when `backends` includes it, registers the wasm
 * backend from node_modules. Production mode, as tfjs recommends for speed; it also silences the
 * "install tfjs-node" notice. Both load through `require`, i.e. their Node (CommonJS) builds —
 * what Node picks for them anyway — so that vitest, which would take their ES builds, runs the
 * same code as the bench.
 */
export function loadTfjs(backends: readonly TfjsBackend[] = ['cpu', 'wasm']): Promise<Tfjs> {
  loading ??= (async () => {
    const tf = require('@tensorflow/tfjs') as Tfjs;
    tf.enableProdMode();
    if (backends.includes('wasm')) {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDirectory());
    }
    return tf;
  })();
  return loading;
}

/** Makes `backend` the active one (initialising it on first use); throws when it cannot start. */
export async function useBackend(tf: Tfjs, backend: TfjsBackend): Promise<void> {
  // engine().backendName is null before the first backend is chosen; getBackend() would pick one.
  if (tf.engine().backendName === backend) return;
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`tfjs: the ${backend} backend failed to initialise`);
  await tf.ready();
}

export const TFJS_LIBRARY: Record<TfjsBackend, 'tfjs-cpu' | 'tfjs-wasm'> = { cpu: 'tfjs-cpu', wasm: 'tfjs-wasm' };

/**
 * A runner on one tfjs backend: `setup` builds its tensors with that backend active; `step` is one
 * iteration (it disposes what it makes). The backend is selected again before every sample, since
 * samples of both tfjs backends alternate.
 */
export function tfjsRunner(
  backend: TfjsBackend,
  setup: (tf: Tfjs) => { step: () => unknown; dispose?: () => void; values?: () => Record<string, number> },
): RunnerFactory {
  return async (peers) => {
    const tf = peers.tf;
    if (tf === null) throw new Error('tfjs is not loaded');
    await useBackend(tf, backend);
    const { step, dispose, values } = setup(tf);
    return {
      activate: () => useBackend(tf, backend),
      run: (iterations) => ({ ...timeLoop(iterations, step), ...(values === undefined ? {} : { values: values() }) }),
      ...(dispose === undefined ? {} : { dispose }),
    };
  };
}
