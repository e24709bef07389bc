import { describe, expect, test } from 'vitest';
import { readReferenceText } from '../../../../fixtures/parity.js';
import { memoryOutput } from '../output.js';
import { runConcise } from './concise.js';
import { runScratch } from './scratch.js';

const options = { seed: 0, epochs: 3, lr: 0.03, batchSize: 10, lang: 'zh' as const };
const EPOCH = /^epoch (\d), loss (\d+\.\d{6})$/;

/** The magnitude of each epoch's loss in PyTorch's own run of the program. */
function referenceLosses(file: string): number[] {
  return readReferenceText(file)
    .split('\n')
    .map((line) => EPOCH.exec(line))
    .filter((m) => m !== null)
    .map((m) => Number(m[2]));
}

describe.each([
  ['scratch', runScratch, 'seed_scratch.out.txt', 'grad_fn=<SubBackward0>', 'grad_fn=<RsubBackward1>'],
  ['concise', runConcise, 'seed_concise.out.txt', null, null],
] as const)('the %s part', (_name, run, reference, wSuffix, bSuffix) => {
  test('prints what the tutorial prints, and converges like PyTorch', () => {
    const out = memoryOutput();
    const result = run(options, out);
    const epochs = out.lines.filter((l) => EPOCH.test(l));
    expect(epochs.map((l) => EPOCH.exec(l)![1])).toEqual(['1', '2', '3']);
    // Random streams differ from PyTorch's; magnitudes must not: the same order of magnitude.
    const ours = result.losses;
    const theirs = referenceLosses(reference);
    expect(ours[2]!).toBeLessThan(2e-4);
    ours.forEach((loss, i) => expect(Math.abs(Math.log10(loss / theirs[i]!))).toBeLessThan(1.5));
    const [wLine, bLine] = out.lines.slice(-2);
    expect(wLine).toMatch(new RegExp(`^w的估计误差:tensor\\(\\[.+\\]${wSuffix ? `, ${wSuffix}` : ''}\\)$`));
    expect(bLine).toMatch(new RegExp(`^b的估计误差:tensor\\(\\[.+\\]${bSuffix ? `, ${bSuffix}` : ''}\\)$`));
    const errors = [...Array.from(result.wError.toTypedArray()), result.bError.item()];
    expect(Math.max(...errors.map(Math.abs))).toBeLessThan(0.01);
  });
});

test('the scratch part prints the first minibatch of 10 like the tutorial', () => {
  const out = memoryOutput();
  runScratch(options, out);
  expect(out.lines[0]).toMatch(/^tensor\(\[\[ ?-?\d\.\d{4}, +-?\d\.\d{4}\],$/);
  expect(out.lines.filter((l) => /^ {8}\[/.test(l)).length).toBe(18); // 9 more rows of X, 9 of y
});

test('--lang en gives English labels', () => {
  const out = memoryOutput();
  runScratch({ ...options, lang: 'en' }, out);
  expect(out.lines.at(-2)).toMatch(/^error in estimating w: tensor/);
});
