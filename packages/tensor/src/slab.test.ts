import { expect, test } from 'vitest';
import { allocate } from './dtype.js';

test('small arrays carved from slabs start zeroed and never alias, across many slabs', () => {
  // 20 float32s = 80 bytes: slab-sized; 2,000 of them span about ten 16 KiB slabs.
  const arrays = Array.from({ length: 2000 }, () => allocate('float32', 20));
  for (const a of arrays) expect(a.every((v) => v === 0)).toBe(true);
  arrays.forEach((a, i) => a.fill(i));
  arrays.forEach((a, i) => expect(a.every((v) => v === i)).toBe(true));
  // Mixed sizes and types keep their 8-byte alignment (a Float64Array view requires it).
  const mixed = [allocate('bool', 70), allocate('float64', 9), allocate('int32', 17), allocate('float64', 100)];
  expect(mixed.map((a) => a.length)).toEqual([70, 9, 17, 100]);
});
