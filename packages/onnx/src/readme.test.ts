import { noGrad } from '@torchlet/autograd';
import { readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';
import { ORT_TIMEOUT } from './onnx-runtime.test-util.js';

test(
  'the README example runs: ONNX Runtime gives the scores torchlet does',
  async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { model, scores, x } = await import('./examples/readme.js');
    expect(log).toHaveBeenCalledWith([5, 3]);
    log.mockRestore();
    const expected = noGrad(() => model.forward(x)).toTypedArray();
    const got = scores!.data as Float32Array;
    expected.forEach((value, i) => expect(Math.abs(got[i]! - value)).toBeLessThanOrEqual(1e-5));
  },
  ORT_TIMEOUT,
);

test('the README shows exactly the example file', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
});
