import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { EXTERNAL_PROCESS_TIMEOUT } from '../../../../../fixtures/external-tools.js';

const build = fileURLToPath(new URL('../../../assembly/build.mjs', import.meta.url));
const generated = fileURLToPath(new URL('./kernels.generated.ts', import.meta.url));

// Both tests run a node child process (the AssemblyScript compiler; a flagged engine).
describe('the generated kernels', { timeout: EXTERNAL_PROCESS_TIMEOUT }, () => {
  test('kernels.generated.ts is what the AssemblyScript sources compile to (run build:wasm if not)', () => {
    const result = spawnSync(process.execPath, [build, '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  // Node 20 runs relaxed SIMD only behind a flag (newer engines ship it), so check the relaxed
  // variant in a child process that has the flag: its product must match a float64 reference.
  test('the relaxed-SIMD variant computes the same products (checked under --experimental-wasm-relaxed-simd)', () => {
    const script = `
    import { readFileSync } from 'node:fs';
    const text = readFileSync(${JSON.stringify(generated)}, 'utf8');
    const bytes = Buffer.from(/RELAXED_SIMD_KERNELS =\\s*'([^']+)'/.exec(text)[1], 'base64');
    if (!WebAssembly.validate(bytes)) { console.log('unsupported'); process.exit(0); }
    const memory = new WebAssembly.Memory({ initial: 64 });
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const [m, k, n] = [37, 300, 29];
    const f32 = new Float32Array(memory.buffer);
    const a = 1024, b = a + m * k * 4, c = b + k * n * 4, work = c + m * n * 4;
    for (let i = 0; i < m * k + k * n; i++) f32[a / 4 + i] = Math.sin(i * 0.7) * 3;
    exports.gemmF32(m, n, k, a, 1, m, b, n, 1, c, work); // A read transposed
    let worst = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let exact = 0, magnitude = 0;
      for (let p = 0; p < k; p++) {
        const term = f32[a / 4 + i + p * m] * f32[b / 4 + p * n + j];
        exact += term; magnitude += Math.abs(term);
      }
      worst = Math.max(worst, Math.abs(f32[c / 4 + i * n + j] - exact) / ((k + 2) * 2 ** -24 * magnitude));
    }
    console.log(worst <= 1 ? 'ok' : 'worst ' + worst);
  `;
    const result = spawnSync(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok');
  });
});
