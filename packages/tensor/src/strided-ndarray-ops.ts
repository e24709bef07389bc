import type ndarrayModule from 'ndarray';
import type opsModule from 'ndarray-ops';
import type { StridedView } from './strided-loops.js';

/** The ndarray-ops kernels the binary ops use, by ndarray-ops' names. */
export type NdarrayOpsBinaryName =
  'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'eq' | 'neq' | 'lt' | 'leq' | 'gt' | 'geq';

export interface NdarrayOpsEngine {
  binary(name: NdarrayOpsBinaryName, out: StridedView, a: StridedView, b: StridedView): void;
  assign(out: StridedView, a: StridedView): void;
}

type Ndarray = typeof ndarrayModule;
type Ops = typeof opsModule;

/**
 * 'untried' until the first strided op; 'refused' where the page forbids code generation
 * (ndarray and ndarray-ops compile their loops with `new Function`: a Content-Security-Policy
 * without 'unsafe-eval' makes that throw, and importing ndarray-ops compiles at once).
 */
export type NdarrayOpsState =
  | { readonly kind: 'untried' }
  | { readonly kind: 'loading'; readonly done: Promise<void> }
  | { readonly kind: 'refused' }
  | { readonly kind: 'failed' }
  | { readonly kind: 'ready'; readonly engine: NdarrayOpsEngine };

let state: NdarrayOpsState = { kind: 'untried' };

export function ndarrayOpsState(): NdarrayOpsState {
  return state;
}

/**
 * The engine, loading it on the first call: synchronously in Node (through the `require` that
 * `process.getBuiltinModule` gives, so nothing here imports Node), elsewhere with a dynamic
 * import, returning null until it has arrived. Null for good where code generation is refused.
 */
export function ndarrayOps(): NdarrayOpsEngine | null {
  if (state.kind === 'ready') return state.engine;
  if (state.kind !== 'untried') return null;
  if (!codeGenerationAllowed()) {
    state = { kind: 'refused' };
    return null;
  }
  const required = requireInNode();
  if (required !== null) {
    state = { kind: 'ready', engine: adapt(required.ndarray, required.ops) };
    return state.engine;
  }
  const done = Promise.all([import('ndarray'), import('ndarray-ops')]).then(
    ([ndarray, ops]) => {
      state = { kind: 'ready', engine: adapt(ndarray.default, ops.default) };
    },
    () => {
      state = { kind: 'failed' };
    },
  );
  state = { kind: 'loading', done };
  return null;
}

/** Forgets the engine, so the next call loads it again (tests). */
export function resetNdarrayOps(): void {
  state = { kind: 'untried' };
}

// Asked once per load: a page's policy does not change while it runs.
function codeGenerationAllowed(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

interface NodeModule {
  createRequire(from: string): (id: string) => unknown;
}

function requireInNode(): { ndarray: Ndarray; ops: Ops } | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const nodeModule = process?.getBuiltinModule?.('node:module') as NodeModule | undefined;
    if (nodeModule === undefined) return null;
    // `url` is typed by Node's or the DOM's types, which the build leaves out; every ESM host has it.
    const require = nodeModule.createRequire((import.meta as ImportMeta & { url: string }).url);
    return { ndarray: require('ndarray') as Ndarray, ops: require('ndarray-ops') as Ops };
  } catch {
    // A bundle whose folder has no node_modules: the dynamic import finds the bundled copy.
    return null;
  }
}

function adapt(ndarray: Ndarray, ops: Ops): NdarrayOpsEngine {
  // ndarray-ops keeps a rank-0 view's element at [0] of a one-element view.
  const view = (v: StridedView) =>
    v.shape.length === 0
      ? ndarray(v.data, [1], [1], v.offset)
      : ndarray(v.data, v.shape as number[], v.stride as number[], v.offset);
  return {
    binary: (name, out, a, b) => ops[name](view(out), view(a), view(b)),
    assign: (out, a) => ops.assign(view(out), view(a)),
  };
}
