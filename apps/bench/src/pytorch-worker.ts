import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { BENCH_ROOT, REPOSITORY_ROOT } from './paths.js';
import type { RunnerFactory } from './workload.js';

export const DEFAULT_PYTHON = '/usr/bin/python3';
export const WORKER_SCRIPT = join(BENCH_ROOT, 'python', 'worker.py');
/** The tutorial programs run on PyTorch, copied into the repository's fixtures. */
export const FIXTURES_DIRECTORY = join(REPOSITORY_ROOT, 'fixtures', 'pytorch');

/** What torch's matmul runs on, as python/blas.py finds it. */
export interface BlasInfo {
  /** `OpenBLAS 0.3.21`, `MKL`, `BLIS`, `reference` (netlib's plain loops) or `unknown`. */
  library: string;
  /** OpenBLAS's kernel core (`SkylakeX`, `Haswell`, `Prescott`, ...); null for other libraries. */
  core: string | null;
  config: string | null;
  threads: number | null;
  /** The BLAS libraries mapped in the process, by real path. */
  libraries: string[];
  /** torch's build setting BLAS_INFO. */
  buildInfo: string;
}

export interface PytorchInfo {
  torch: string;
  python: string;
  /** torch's intra-op threads. */
  threads: number;
  blas: BlasInfo;
  /** The CPU's vector extensions (avx2, avx512f, ...). */
  cpuFlags: string[];
  /** A float32 product's largest error against float64, relative to the result's scale. */
  productError: number;
}

export interface PytorchWorkerOptions {
  /**
   * Threads for products (OpenBLAS's pool) and for torch's other ops (its intra-op threads): the
   * bench passes torchlet's, its GEMM's and 1.
   */
  threads?: { blas: number; torch: number };
  /** Added to the environment (OPENBLAS_CORETYPE, say). */
  env?: Readonly<Record<string, string>>;
}

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * A long-lived `python3 worker.py` that runs the PyTorch side of each workload on request, one
 * JSON line each way. Python times its own work, so the pipe costs nothing in the figures, and
 * torch is imported once, not per sample.
 */
export class PytorchWorker {
  readonly info: PytorchInfo;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  private constructor(child: ChildProcessWithoutNullStreams, info: PytorchInfo, lines: AsyncIterator<string>) {
    this.#child = child;
    this.info = info;
    void this.#read(lines);
    child.once('exit', (code, signal) => {
      this.#closed = true;
      const error = new Error(`the PyTorch worker exited (code ${code}, signal ${signal})`);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    });
  }

  /** Starts the worker; rejects with the reason when python or torch is missing. */
  static async start(python = DEFAULT_PYTHON, options: PytorchWorkerOptions = {}): Promise<PytorchWorker> {
    const args = [WORKER_SCRIPT, FIXTURES_DIRECTORY];
    if (options.threads !== undefined) args.push(String(options.threads.blas), String(options.threads.torch));
    const child = spawn(python, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`${python} could not be started: ${error.message}`)));
      child.once('exit', (code) => {
        const last = stderr.trim().split('\n').at(-1) ?? '';
        reject(new Error(`${python} exited with code ${code} before it was ready${last ? `: ${last}` : ''}`));
      });
    });
    const first = await Promise.race([lines.next(), failed]);
    if (first.done) throw new Error(`${python}: the worker closed its output before it was ready`);
    const hello = JSON.parse(first.value) as { ready: boolean } & PytorchInfo;
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    child.on('error', () => {});
    return new PytorchWorker(child, hello, lines);
  }

  async #read(lines: AsyncIterator<string>): Promise<void> {
    for (;;) {
      const next = await lines.next();
      if (next.done) return;
      let message: Record<string, unknown> & { id: number; ok: boolean; error?: string };
      try {
        message = JSON.parse(next.value) as typeof message;
      } catch {
        continue; // not a reply: something in torch printed to stdout
      }
      const pending = this.#pending.get(message.id);
      if (pending === undefined) continue;
      this.#pending.delete(message.id);
      if (message.ok) pending.resolve(message);
      else pending.reject(new Error(`PyTorch worker: ${message.error ?? 'failed'}`));
    }
  }

  request(command: string, payload: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(new Error('the PyTorch worker is not running'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.stdin.write(`${JSON.stringify({ id, command, ...payload })}\n`);
    });
  }

  /** Prepares a case in the worker; returns a handle whose `run` times `iterations` of it there. */
  async prepare(
    workload: string,
    params: Record<string, unknown>,
  ): Promise<{
    run(iterations: number): Promise<{ seconds: number; values: Record<string, number> }>;
    dispose(): Promise<void>;
  }> {
    const { handle } = (await this.request('prepare', { workload, params })) as { handle: number };
    return {
      run: async (iterations) => {
        const reply = (await this.request('run', { handle, iterations })) as {
          seconds: number;
          values?: Record<string, number>;
        };
        return { seconds: reply.seconds, values: reply.values ?? {} };
      },
      dispose: async () => {
        await this.request('dispose', { handle });
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end();
    await exited;
  }
}

/** The pause after a PyTorch sample before another library's: twice OpenBLAS's default spin. */
export const PYTORCH_SETTLE_SECONDS = 0.25;

/** A runner whose work runs in the PyTorch worker: `workload` and `params` name the case there. */
export function pytorchRunner(workload: string, params: Record<string, unknown>): RunnerFactory {
  return async (peers) => {
    if (peers.pytorch === null) throw new Error('PyTorch is not available');
    const handle = await peers.pytorch.prepare(workload, params);
    return {
      run: async (iterations) => ({ ...(await handle.run(iterations)), iterations }),
      dispose: () => handle.dispose(),
      // OpenBLAS's threads spin for 2^28 cycles (~0.1 s here) after a product: measured beside
      // them, torchlet's two-thread GEMM ran at 28 GFLOP/s instead of 59 at n=1024.
      settleSeconds: PYTORCH_SETTLE_SECONDS,
    };
  };
}
