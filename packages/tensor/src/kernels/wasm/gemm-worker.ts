/**
 * A second thread for the largest matrix products: one worker running the same wasm module on the
 * same shared memory, computing rows of C while the calling thread computes others. Never more
 * than one worker (two threads in all), only on a Node main thread, only with two or more cores.
 *
 * Node only, found at run time through `process.getBuiltinModule` (Node ≥ 20.16), so this file
 * imports nothing from Node and is safe to load in a browser, where it simply finds no support.
 * (A browser would need cross-origin isolation for shared memory and an asynchronous worker start;
 * there the kernels run on one thread.)
 *
 * The product is cut into blocks of rows that both threads take from a shared counter, so
 * nothing waits on a worker that is slow to wake or busy elsewhere (a shared 2-core machine): the
 * calling thread takes every block the worker does not, and at the end waits at most for the one
 * block the worker is computing. A worker that never starts, or dies, just never takes a block.
 * When the worker's blocks keep coming too late to pay (the other core is busy), the caller stops
 * sharing for a while (`shareNext`).
 */

interface NodeWorker {
  unref(): void;
  on(event: 'error' | 'exit', listener: () => void): void;
  terminate(): unknown;
}
interface WorkerThreads {
  isMainThread: boolean;
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}
interface NodeOs {
  availableParallelism?: () => number;
  cpus(): unknown[];
}

function nodeBuiltin<T>(id: string): T | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return process?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/**
 * How many threads the kernels may use here: 2 on a Node main thread with ≥ 2 cores, else 1. A
 * program that runs torchlet in worker threads of its own already spreads the work: helpers there
 * would put more threads than cores to work.
 */
export function availableThreads(): number {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return 1;
  const threads = nodeBuiltin<WorkerThreads>('node:worker_threads');
  if (threads === undefined || !threads.isMainThread) return 1;
  const os = nodeBuiltin<NodeOs>('node:os');
  const cores = os === undefined ? 1 : (os.availableParallelism?.() ?? os.cpus().length);
  return cores >= 2 ? 2 : 1;
}

// The control block, an Int32Array over its own SharedArrayBuffer.
const SEQUENCE = 0; // bumped for every posted product; the worker sleeps on it
const NEXT = 1; // (product & 0x7fff) << 16 | next unclaimed block
const FINISHED = 2; // blocks of the current product finished, by either thread
const COMPLETED = 3; // blocks the worker has computed since it started (for tests and diagnostics)
const PRODUCT = 4; // the product whose arguments follow; -1 while they are being written
const ARGS = 5; // m, n, k, a, aRow, aCol, packedB, c, work, double, rowsPerBlock, blocks
const ARG_COUNT = 12;

// A claimed block is computed only if the arguments read after the claim (between two equal reads
// of PRODUCT) are those of the product it was claimed from. They cannot change under the worker
// then: the caller moves on only when every block of the product is finished, this one included.
// The source runs as CommonJS or as a module depending on the nearest package.json to the working
// directory, so it uses neither `require` nor `import`. Before taking work it runs a few small
// products on a private memory: each thread's engine compiles hot wasm functions on its own
// schedule, and a worker still in the baseline tier would run its blocks at half speed.
// After about 0.2 ms without work it sleeps (waking then costs tens of microseconds).
const WORKER_SOURCE = `
const { workerData } = process.getBuiltinModule('node:worker_threads');
const { module, memory, control } = workerData;
const c = new Int32Array(control);
{
  const scratch = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
  const warm = new WebAssembly.Instance(module, { env: { memory: scratch } }).exports;
  for (let i = 0; i < 40; i++) {
    warm.packBF32(260, 36, 65536, 36, 1, 196608);
    warm.gemmPackedF32(36, 36, 260, 1024, 260, 1, 196608, 131072, 262144);
    warm.packBF64(260, 36, 131072, 36, 1, 393216);
    warm.gemmPackedF64(36, 36, 260, 1024, 260, 1, 393216, 262144, 524288);
  }
}
const { gemmPackedF32, gemmPackedF64 } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const arg = new Int32Array(${ARG_COUNT});
let seen = Atomics.load(c, ${SEQUENCE});
for (;;) {
  for (let spin = 0; Atomics.load(c, ${SEQUENCE}) === seen; spin++) {
    if (spin > 20000) {
      Atomics.wait(c, ${SEQUENCE}, seen);
      spin = 0;
    }
  }
  seen = Atomics.load(c, ${SEQUENCE});
  for (;;) {
    const word = Atomics.load(c, ${NEXT});
    const block = word & 0xffff;
    if (block >= Atomics.load(c, ${ARGS + ARG_COUNT - 1})) break;
    if (Atomics.compareExchange(c, ${NEXT}, word, word + 1) !== word) continue;
    const product = Atomics.load(c, ${PRODUCT});
    for (let i = 0; i < ${ARG_COUNT}; i++) arg[i] = Atomics.load(c, ${ARGS} + i);
    const [m, n, k, a, aRow, aCol, packedB, cc, work, double, rowsPerBlock, blocks] = arg;
    if (Atomics.load(c, ${PRODUCT}) !== product || (product & 0x7fff) !== word >>> 16 || block >= blocks) break;
    const size = double === 1 ? 8 : 4;
    const first = block * rowsPerBlock;
    const rows = Math.min(rowsPerBlock, m - first);
    (double === 1 ? gemmPackedF64 : gemmPackedF32)(rows, n, k, a + first * aRow * size, aRow, aCol, packedB,
      cc + first * n * size, work);
    Atomics.add(c, ${COMPLETED}, 1);
    Atomics.add(c, ${FINISHED}, 1);
    Atomics.notify(c, ${FINISHED});
  }
}
`;

// The worker exists only in Node, which has `performance` (typed here: the build has no DOM or Node types).
const clock = (globalThis as { performance?: { now(): number } }).performance ?? Date;
const now = () => clock.now();

/** A claimed half that has not finished after this long means the worker is gone. */
const STALLED_MS = 30_000;

export class GemmWorker {
  private alive = true;
  private product = 0;
  // Some main threads may not block (Electron's renderer, say): there the wait is a spin.
  private canBlock = true;
  // Back-off: products in a row where sharing did not pay, and products still to run alone.
  private strikes = 0;
  private skip = 0;
  /**
   * For tests: the caller takes no block and waits, so the worker computes every block of every
   * product, whatever the timing (on a loaded machine the caller would otherwise take them all).
   */
  workerOnly = false;

  private constructor(
    private readonly worker: NodeWorker,
    private readonly control: Int32Array,
  ) {
    const stop = () => {
      this.alive = false;
    };
    worker.on('error', stop);
    worker.on('exit', stop);
    // The worker must never keep a program from exiting.
    worker.unref();
  }

  /** Starts the worker on `module` (a WebAssembly.Module) over `memory` (shared); null if it cannot. */
  static start(module: object, memory: object): GemmWorker | null {
    const threads = nodeBuiltin<WorkerThreads>('node:worker_threads');
    if (threads === undefined) return null;
    try {
      const control = new Int32Array(new SharedArrayBuffer(4 * (ARGS + ARG_COUNT)));
      const worker = new threads.Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: control.buffer },
      });
      return new GemmWorker(worker, control);
    } catch {
      return null;
    }
  }

  get usable(): boolean {
    return this.alive;
  }

  /**
   * Whether to share the next product. When the other core is busy (another process, a GC) the
   * worker's blocks come late and sharing can cost more than it saves; after three such products
   * in a row the caller computes alone for the next 64, then tries again.
   */
  shareNext(): boolean {
    if (this.skip === 0 || this.workerOnly) return true;
    this.skip--;
    return false;
  }

  /** How many posted parts the worker (not the caller) has computed so far. */
  get completed(): number {
    return Atomics.load(this.control, COMPLETED);
  }

  /** Ends the worker; later products run on the calling thread alone. */
  stop(): void {
    this.alive = false;
    this.worker.terminate();
  }

  /**
   * Computes `blocks` blocks of rows with this thread and the worker: `args` are the worker's
   * arguments (see ARGS; its own scratch in `work`), `computeBlock(i)` computes block i here.
   * Returns false if the worker took a block and then stalled: the caller must then treat the
   * memory as lost (the worker may still write into it) and recompute.
   */
  run(args: readonly number[], computeBlock: (block: number) => void): boolean {
    const c = this.control;
    const blocks = args[ARG_COUNT - 1]!;
    this.product = (this.product + 1) & 0x7fffffff;
    Atomics.store(c, PRODUCT, -1);
    for (let i = 0; i < ARG_COUNT; i++) Atomics.store(c, ARGS + i, args[i]!);
    Atomics.store(c, PRODUCT, this.product);
    Atomics.store(c, FINISHED, 0);
    Atomics.store(c, NEXT, (this.product & 0x7fff) << 16);
    Atomics.add(c, SEQUENCE, 1);
    Atomics.notify(c, SEQUENCE, 1);
    const start = now();
    let here = 0;
    while (!this.workerOnly) {
      const word = Atomics.load(c, NEXT);
      const block = word & 0xffff;
      if (block >= blocks) break;
      if (Atomics.compareExchange(c, NEXT, word, word + 1) !== word) continue;
      computeBlock(block);
      here++;
      Atomics.add(c, FINISHED, 1);
    }
    const computed = now();
    if (!this.waitForWorker(blocks)) return false;
    // Alone, this thread would have taken about `blocks` times its time per block.
    const alone = here === 0 ? Infinity : ((computed - start) / here) * blocks;
    this.strikes = now() - start > 0.9 * alone ? this.strikes + 1 : 0;
    if (this.strikes >= 3) {
      this.strikes = 0;
      this.skip = 64;
    }
    return true;
  }

  /** Waits until every block is finished; false (and the worker stopped) if it stalled. */
  private waitForWorker(blocks: number): boolean {
    const c = this.control;
    for (let spin = 0; spin < 50_000; spin++) if (Atomics.load(c, FINISHED) === blocks) return true;
    const deadline = Date.now() + STALLED_MS;
    for (let finished = Atomics.load(c, FINISHED); finished !== blocks; finished = Atomics.load(c, FINISHED)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.stop();
        return false;
      }
      this.sleep(finished, left);
    }
    return true;
  }

  private sleep(finished: number, ms: number): void {
    if (!this.canBlock) return;
    try {
      Atomics.wait(this.control, FINISHED, finished, Math.min(ms, 100));
    } catch {
      this.canBlock = false;
    }
  }
}
