import fc from 'fast-check';
import { expect, test } from 'vitest';
import { maxPool2x2, maxPoolWindows } from './pool2d.js';
import type { Window2d } from './im2col.js';

const twoByTwo = (height: number, width: number): Window2d => ({
  channels: 1,
  height,
  width,
  kernelH: 2,
  kernelW: 2,
  strideH: 2,
  strideW: 2,
  padTop: 0,
  padLeft: 0,
  dilationH: 1,
  dilationW: 1,
  outHeight: Math.floor(height / 2),
  outWidth: Math.floor(width / 2),
});

test('the 2×2 max-pool fast path picks the same values and indices as the general loop (ties, NaN, −∞)', () => {
  const special = fc.constantFrom(Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0, -0, 1, 1);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 2, max: 7 }),
      fc.integer({ min: 2, max: 7 }),
      fc.array(fc.oneof(special, fc.float({ noNaN: true })), { minLength: 3 * 49, maxLength: 3 * 49 }),
      (planes, height, width, values) => {
        const x = new Float32Array(values.slice(0, planes * height * width));
        const g = twoByTwo(height, width);
        const size = planes * g.outHeight * g.outWidth;
        const [fast, general] = [new Float32Array(size), new Float32Array(size)];
        const [fastIndex, generalIndex] = [new Int32Array(size), new Int32Array(size)];
        maxPool2x2(x, planes, g, fast, fastIndex);
        maxPoolWindows(x, planes, g, general, generalIndex);
        expect(Array.from(fastIndex)).toEqual(Array.from(generalIndex));
        expect(Array.from(fast)).toEqual(Array.from(general));
      },
    ),
    { numRuns: 300 },
  );
});
