import type { NDArray } from './ndarray.js';
import { assignLoops, binaryLoops, type StridedBinaryKernel, type StridedView } from './strided-loops.js';
import { ndarrayOps, ndarrayOpsState, resetNdarrayOps, type NdarrayOpsBinaryName } from './strided-ndarray-ops.js';

/**
 * The strided paths of the element-wise ops (views that are not one flat run of memory):
 * ndarray-ops' generated loops where the page allows code generation, plain JavaScript loops
 * where it does not (a Content-Security-Policy without 'unsafe-eval') and while ndarray-ops is
 * still loading. Both store the same values.
 */

/**
 * Which loops run the strided paths: 'ndarray-ops'; 'plain' where code generation is refused or
 * ndarray-ops failed to load; 'loading' while it is on its way (a browser imports it
 * asynchronously; plain loops serve meanwhile); 'not loaded' before the first strided op.
 */
export type { NdarrayOpsBinaryName };

export type StridedEngineStatus = 'not loaded' | 'loading' | 'ndarray-ops' | 'plain';

export function stridedEngineStatus(): StridedEngineStatus {
  if (forced !== 'auto') return forced;
  switch (ndarrayOpsState().kind) {
    case 'untried':
      return 'not loaded';
    case 'loading':
      return 'loading';
    case 'ready':
      return 'ndarray-ops';
    default:
      return 'plain';
  }
}

let forced: 'auto' | 'plain' | 'ndarray-ops' = 'auto';

/**
 * Tests only: 'plain' takes the fallback loops as a page that refuses eval would, 'ndarray-ops'
 * insists on it (and throws if it cannot load), 'auto' (the default) chooses as described above.
 */
export function useStridedEngine(engine: 'auto' | 'plain' | 'ndarray-ops'): void {
  forced = engine;
  if (engine === 'auto') resetNdarrayOps();
}

/** ndarray-ops, or null for the plain loops. */
function loadedNdarrayOps() {
  if (forced === 'plain') return null;
  const loaded = ndarrayOps();
  if (loaded === null && forced === 'ndarray-ops') {
    throw new Error(`strided engine: ndarray-ops is ${ndarrayOpsState().kind}`);
  }
  return loaded;
}

function view(array: NDArray): StridedView {
  return { data: array.storage.data, shape: array.shape, stride: array.strides, offset: array.offset };
}

/** A view of `array` broadcast to `shape` (stride 0 along broadcast dims), without copying. */
function broadcastView(array: NDArray, shape: readonly number[]): StridedView {
  const rank = shape.length;
  const lead = rank - array.shape.length;
  const stride = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const j = i - lead;
    stride[i] = j < 0 || array.shape[j] === 1 ? 0 : array.strides[j]!;
  }
  return { data: array.storage.data, shape, stride, offset: array.offset };
}

/**
 * `out = a op b` for any strides, `a` and `b` broadcast to `out`'s shape: `name` is ndarray-ops'
 * kernel for the op, `kernel` the same op for the plain loops.
 */
export function binaryStrided(
  name: NdarrayOpsBinaryName,
  kernel: StridedBinaryKernel,
  out: NDArray,
  a: NDArray,
  b: NDArray,
): void {
  const [o, x, y] = [view(out), broadcastView(a, out.shape), broadcastView(b, out.shape)];
  const ops = loadedNdarrayOps();
  if (ops === null) binaryLoops(kernel, o, x, y);
  else ops.binary(name, o, x, y);
}

/** Copies `source` (any strides, broadcast to `target`'s shape) into `target` (any strides). */
export function assignStrided(target: NDArray, source: NDArray): void {
  const [o, x] = [view(target), broadcastView(source, target.shape)];
  const ops = loadedNdarrayOps();
  if (ops === null) assignLoops(o, x);
  else ops.assign(o, x);
}
