import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { decodeMappings, fileOf, selfTimes, type CpuProfile } from './self-time.js';

const engine = new URL('../../../packages/autograd/src/engine.ts', import.meta.url).href;
const binary = new URL('../../../packages/tensor/src/ops/binary.ts', import.meta.url).href;

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '' } },
    { id: 2, callFrame: { functionName: 'backward', url: engine } },
    { id: 3, callFrame: { functionName: 'binary', url: binary } },
    { id: 4, callFrame: { functionName: 'writeScalar', url: binary } },
    { id: 5, callFrame: { functionName: '(garbage collector)', url: '' } },
    { id: 6, callFrame: { functionName: 'div_cwise_thunk', url: '' } },
  ],
  samples: [2, 3, 3, 4, 5, 2, 6],
  timeDeltas: [100, 100, 120, 80, 300, 100, 50],
};

test('self time is charged to the frame on top of each sample, largest first', () => {
  expect(selfTimes(profile)).toEqual([
    { name: '(garbage collector)', file: '', microseconds: 300 },
    { name: 'binary', file: 'packages/tensor/src/ops/binary.ts', microseconds: 220 },
    { name: 'backward', file: 'packages/autograd/src/engine.ts', microseconds: 200 },
    { name: 'writeScalar', file: 'packages/tensor/src/ops/binary.ts', microseconds: 80 },
    { name: 'div_cwise_thunk', file: '', microseconds: 50 },
  ]);
});

test('by file, code without a file is named for what it is', () => {
  expect(selfTimes(profile, { byFile: true }).map((entry) => [entry.name, entry.microseconds])).toEqual([
    ['packages/tensor/src/ops/binary.ts', 300],
    ['(garbage collector)', 300],
    ['packages/autograd/src/engine.ts', 200],
    ['div_cwise_thunk (builtin or new Function)', 50],
  ]);
});

test('files are shown relative to the repository', () => {
  expect(fileOf({ functionName: 'f', url: engine })).toBe('packages/autograd/src/engine.ts');
  expect(fileOf({ functionName: 'f', url: 'node:internal/timers' })).toBe('node:internal/timers');
  expect(fileURLToPath(engine)).toContain('packages/autograd/src/engine.ts');
});

test('samples under an excluded frame are dropped', () => {
  const nested: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: 'post', url: 'node:inspector' }, children: [2] },
      { id: 2, callFrame: { functionName: 'dispatch', url: '' } },
      { id: 3, callFrame: { functionName: 'binary', url: binary } },
    ],
    samples: [2, 3, 2],
    timeDeltas: [10, 20, 30],
  };
  expect(selfTimes(nested, { exclude: (frame) => frame.url === 'node:inspector' })).toEqual([
    { name: 'binary', file: 'packages/tensor/src/ops/binary.ts', microseconds: 20 },
  ]);
});

test('source map segments decode to generated column, source and original line', () => {
  // "AAAA" = [0,0,0,0]; ";" starts a line; "IACA" = column +4, same source, line +1.
  expect(decodeMappings('AAAA,EAAE;IACA')).toEqual([
    [
      [0, 0, 0],
      [2, 0, 0],
    ],
    [[4, 0, 1]],
  ]);
});
