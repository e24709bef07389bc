import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { describeIfAvailable, EXTERNAL_PROCESS_TIMEOUT } from '../../../fixtures/external-tools.js';
import { betterCore, PRODUCT_TOLERANCE, startPytorchAtBest } from './pytorch-blas.js';
import { DEFAULT_PYTHON, type BlasInfo } from './pytorch-worker.js';

const openblas = (core: string): BlasInfo => ({
  library: 'OpenBLAS 0.3.21',
  core,
  config: `OpenBLAS 0.3.21 DYNAMIC_ARCH ${core}`,
  threads: 2,
  libraries: ['/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so'],
  buildInfo: 'generic',
});
const AVX512 = ['avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl'];
const AVX2 = ['avx', 'avx2', 'fma'];

describe('betterCore: the OpenBLAS kernels to force for this CPU', () => {
  test('a generic core on a CPU with AVX-512 or AVX2 is replaced by SkylakeX or Haswell', () => {
    expect(betterCore({ blas: openblas('Prescott'), cpuFlags: AVX512 })).toBe('SkylakeX');
    expect(betterCore({ blas: openblas('Haswell'), cpuFlags: AVX512 })).toBe('SkylakeX');
    expect(betterCore({ blas: openblas('Prescott'), cpuFlags: AVX2 })).toBe('Haswell');
    expect(betterCore({ blas: openblas('Sandybridge'), cpuFlags: AVX2 })).toBe('Haswell');
  });

  test('the right core, an older CPU, or a BLAS that is not OpenBLAS is left alone', () => {
    expect(betterCore({ blas: openblas('SkylakeX'), cpuFlags: AVX512 })).toBeNull();
    expect(betterCore({ blas: openblas('SAPPHIRERAPIDS'), cpuFlags: AVX512 })).toBeNull();
    expect(betterCore({ blas: openblas('Haswell'), cpuFlags: AVX2 })).toBeNull();
    expect(betterCore({ blas: openblas('Zen'), cpuFlags: AVX2 })).toBeNull();
    expect(betterCore({ blas: openblas('Prescott'), cpuFlags: ['avx'] })).toBeNull();
    // AVX-512 F alone (no BW/DQ/VL) cannot run SkylakeX's kernels: Haswell's then.
    expect(betterCore({ blas: openblas('Prescott'), cpuFlags: [...AVX2, 'avx512f'] })).toBe('Haswell');
    const reference: BlasInfo = { ...openblas('x'), library: 'reference', core: null, config: null, threads: null };
    expect(betterCore({ blas: reference, cpuFlags: AVX512 })).toBeNull();
  });
});

const hasTorch = spawnSync(DEFAULT_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

describeIfAvailable(hasTorch, `PyTorch (${DEFAULT_PYTHON} -c 'import torch')`, 'apt-get install python3-torch')(
  'startPytorchAtBest',
  { timeout: EXTERNAL_PROCESS_TIMEOUT },
  () => {
    test('PyTorch runs on threads as asked, on a BLAS named in the description, with a checked product', async () => {
      const best = await startPytorchAtBest(DEFAULT_PYTHON, 2);
      try {
        const { info } = best.worker;
        expect(info.threads).toBe(1);
        if (info.blas.threads !== null) expect(info.blas.threads).toBe(2);
        expect(best.env).toMatchObject({ OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '2' });
        expect(best.description).toContain(`BLAS ${info.blas.library}`);
        expect(info.productError).toBeLessThan(PRODUCT_TOLERANCE);
        // Whatever this machine has, the choice is either the best kernels or said loudly.
        if (best.warning === null) expect(betterCore(info)).toBeNull();
        else expect(best.warning).toMatch(/flatter torchlet|suspect/);
        if (info.blas.core !== null) expect(best.description).toContain(`core ${info.blas.core}`);
      } finally {
        await best.worker.close();
      }
    });

    test('an OpenBLAS that fell back to its SSE3 kernels (the VM case) is run on the CPU’s own, checked', async (context) => {
      // OPENBLAS_CORETYPE=Prescott on the first start stands for a VM hiding CPUID bits.
      const best = await startPytorchAtBest(DEFAULT_PYTHON, 1, { OPENBLAS_CORETYPE: 'Prescott' });
      try {
        const { info } = best.worker;
        const wanted = betterCore({ blas: { ...info.blas, core: 'Prescott' }, cpuFlags: info.cpuFlags });
        if (info.blas.core === null || wanted === null) {
          console.warn('[skipped] needs OpenBLAS and a CPU with AVX2 or AVX-512');
          return context.skip('needs OpenBLAS and a CPU with AVX2 or AVX-512');
        }
        expect(info.blas.core).toBe(wanted);
        expect(best.env['OPENBLAS_CORETYPE']).toBe(wanted);
        expect(best.description).toContain(`OPENBLAS_CORETYPE=${wanted}: detected Prescott`);
        expect(best.warning).toBeNull();
        expect(info.productError).toBeLessThan(PRODUCT_TOLERANCE);
      } finally {
        await best.worker.close();
      }
    });
  },
);
