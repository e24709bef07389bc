import { PytorchWorker, type PytorchInfo } from './pytorch-worker.js';

// Users compare torchlet with a pip-installed PyTorch, which multiplies on its best kernels. A
// distribution's torch may not: OpenBLAS built with DYNAMIC_ARCH picks its kernels from CPUID at
// load, and in a VM that hides CPUID bits it falls back to SSE3 ("Prescott"), 4-6x slower; or the
// system's BLAS is netlib's reference loops. The bench installs nothing, but it finds this out and,
// where OpenBLAS fell back, runs PyTorch with OPENBLAS_CORETYPE naming the CPU's right kernels.

const AVX512_CORES = new Set(['skylakex', 'cooperlake', 'sapphirerapids']);
const AVX2_CORES = new Set([...AVX512_CORES, 'haswell', 'zen']);

/** Above this a product is wrong (a correct float32 kernel is ~1e-6 on the check's sizes). */
export const PRODUCT_TOLERANCE = 1e-4;

/** The OpenBLAS core to force for this CPU, or null where the loaded one is right (or not OpenBLAS). */
export function betterCore(info: Pick<PytorchInfo, 'blas' | 'cpuFlags'>): string | null {
  const { core } = info.blas;
  if (core === null) return null;
  const flags = new Set(info.cpuFlags);
  const has = (...names: string[]) => names.every((name) => flags.has(name));
  const current = core.toLowerCase();
  // SkylakeX's kernels use AVX-512 F, BW, DQ and VL; Haswell's AVX2 with FMA.
  if (has('avx512f', 'avx512bw', 'avx512dq', 'avx512vl') && !AVX512_CORES.has(current)) return 'SkylakeX';
  if (has('avx2', 'fma') && !AVX2_CORES.has(current)) return 'Haswell';
  return null;
}

export interface PytorchAtBest {
  worker: PytorchWorker;
  /** What to add to the environment of any other PyTorch process, so it runs on the same kernels and threads. */
  env: Record<string, string>;
  /** One line for the header: library, core (and how it was chosen), threads. */
  description: string;
  /** Said loudly above the tables: PyTorch is not at its best here, so ratios against it flatter torchlet. */
  warning: string | null;
}

function describeBlas(info: PytorchInfo, how: string): string {
  const { blas } = info;
  const core = blas.core === null ? '' : `, core ${blas.core}${how}`;
  const products = blas.threads === null ? '' : `products on ${blas.threads} thread${blas.threads === 1 ? '' : 's'}, `;
  return `torch ${info.torch} on Python ${info.python}; BLAS ${blas.library}${core}; ${products}other ops on ${info.threads}`;
}

/**
 * Starts the PyTorch worker on its best BLAS kernels, its products on `threads` threads as
 * torchlet's GEMM and its other ops on one as torchlet's: as found, or with
 * OPENBLAS_CORETYPE set where OpenBLAS fell back to a generic core on a CPU with AVX2/AVX-512 —
 * kept only if the forced core loads and its product matches float64.
 */
export async function startPytorchAtBest(
  python: string,
  threads: number,
  /** Added to the first start's environment only (a test's OPENBLAS_CORETYPE=Prescott stands for a VM). */
  inherited: Readonly<Record<string, string>> = {},
): Promise<PytorchAtBest> {
  // torchlet's element-wise ops run on one thread, and so do torch's here: on two busy cores an
  // OpenMP team of two spins at every op's barrier and trains the MLP ~10x slower than one thread.
  const threadEnv = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: String(threads) };
  const counts = { blas: threads, torch: 1 };
  const first = await PytorchWorker.start(python, { threads: counts, env: { ...inherited, ...threadEnv } });
  const warning = (info: PytorchInfo, extra = ''): string | null => {
    if (info.productError > PRODUCT_TOLERANCE)
      return `PyTorch's float32 product is off by ${info.productError.toExponential(1)} of its scale: its figures are suspect${extra}.`;
    if (info.blas.library === 'reference')
      return `PyTorch runs on the reference BLAS (${info.blas.libraries.join(', ')}): plain loops, many times slower than the OpenBLAS or MKL a pip-installed torch uses. Ratios against it flatter torchlet; install OpenBLAS (apt-get install libopenblas0-pthread) for a fair anchor${extra}.`;
    if (betterCore(info) !== null)
      return `PyTorch's OpenBLAS runs its generic ${info.blas.core} kernels on a CPU with ${betterCore(info) === 'SkylakeX' ? 'AVX-512' : 'AVX2'}: ratios against it flatter torchlet${extra}.`;
    return null;
  };
  const core = betterCore(first.info);
  if (core === null) {
    return {
      worker: first,
      env: threadEnv,
      description: describeBlas(first.info, ' (as detected)'),
      warning: warning(first.info),
    };
  }
  const env = { ...threadEnv, OPENBLAS_CORETYPE: core };
  let forced: PytorchWorker | null = null;
  let failure: string;
  try {
    forced = await PytorchWorker.start(python, { threads: counts, env });
    const { info } = forced;
    if (info.blas.core?.toLowerCase() === core.toLowerCase() && info.productError <= PRODUCT_TOLERANCE) {
      await first.close();
      return {
        worker: forced,
        env,
        description: describeBlas(info, ` (OPENBLAS_CORETYPE=${core}: detected ${first.info.blas.core})`),
        warning: null,
      };
    }
    failure = `loaded core ${info.blas.core ?? '?'}, product error ${info.productError.toExponential(1)}`;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  await forced?.close();
  return {
    worker: first,
    env: threadEnv,
    description: describeBlas(first.info, ' (as detected)'),
    warning: warning(first.info, `; forcing OPENBLAS_CORETYPE=${core} failed (${failure})`),
  };
}
