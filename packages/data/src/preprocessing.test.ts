import { Generator, tensor, zeros } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import { normalize, Standardizer, stratifiedSplit, TensorDataset, toPixels, toTensor } from './index.js';

describe('stratifiedSplit', () => {
  const labels = [...Array(60).fill(0), ...Array(30).fill(1), ...Array(10).fill(2)] as number[];
  const dataset = new TensorDataset(tensor(labels.map((_, i) => i)));

  test('every split keeps each class’s share, and together they cover every item once', () => {
    const [train, val, testSplit] = stratifiedSplit(dataset, labels, [0.6, 0.2, 0.2], {
      generator: new Generator().manualSeed(1),
    });
    const classes = (s: typeof train) => [0, 1, 2].map((c) => s.indices.filter((i) => labels[i] === c).length);
    expect(classes(train)).toEqual([36, 18, 6]);
    expect(classes(val)).toEqual([12, 6, 2]);
    expect(classes(testSplit)).toEqual([12, 6, 2]);
    expect([...train.indices, ...val.indices, ...testSplit.indices].sort((a, b) => a - b)).toEqual(
      labels.map((_, i) => i),
    );
    // Shuffled within each split (not grouped by class), and the same for the same seed.
    expect(train.indices.slice(0, 10).some((i) => labels[i] !== 0)).toBe(true);
    const again = stratifiedSplit(dataset, labels, [0.6, 0.2, 0.2], { generator: new Generator().manualSeed(1) });
    expect(again[0].indices).toEqual(train.indices);
  });

  test('labels may be a tensor; bad input is named', () => {
    const [a, b] = stratifiedSplit(dataset, tensor(labels, { dtype: 'int32' }), [0.5, 0.5]);
    expect(a.length + b.length).toBe(100);
    expect(() => stratifiedSplit(dataset, labels.slice(1), [0.5, 0.5])).toThrow(
      'stratifiedSplit: 99 labels for a dataset of 100 items',
    );
    expect(() => stratifiedSplit(dataset, labels, [0.5, 0.6])).toThrow(/fractions must be numbers summing to 1/);
  });
});

describe('Standardizer', () => {
  test('fits on one split and applies the same transform to others; constant features are left at scale 1', () => {
    const train = tensor([
      [1, 10, 5],
      [3, 30, 5],
    ]);
    const scaler = Standardizer.fit(train);
    expect(scaler.mean.toArray()).toEqual([2, 20, 5]);
    expect(scaler.std.toArray()).toEqual([1, 10, 1]);
    expect(scaler.transform(train).toArray()).toEqual([
      [-1, -1, 0],
      [1, 1, 0],
    ]);
    expect(scaler.transform(tensor([[2, 40, 6]])).toArray()).toEqual([[0, 2, 1]]);
    expect(scaler.inverseTransform(scaler.transform(train)).toArray()).toEqual(train.toArray());
    const restored = Standardizer.fromState(scaler.state());
    expect(restored.transform(tensor([[2, 40, 6]])).toArray()).toEqual([[0, 2, 1]]);
    expect(() => scaler.transform(zeros([2, 4]))).toThrow('Standardizer.transform: fitted on 3 features, got [2, 4]');
  });
});

describe('image transforms', () => {
  // A 2 × 2 image in each of the tutorial's three forms: grey, RGB and RGBA.
  const grey = { data: Uint8Array.of(0, 255, 51, 102), width: 2, height: 2 };
  const rgb = { data: Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255), width: 2, height: 2 };

  test('toTensor: HWC bytes → [C, H, W] floats in [0, 1], channels from the data', () => {
    expect(toTensor(grey).shape).toEqual([1, 2, 2]);
    expect(toTensor(grey).toArray()).toEqual([
      [
        [0, 1],
        [Math.fround(0.2), Math.fround(0.4)],
      ],
    ]);
    const color = toTensor(rgb);
    expect(color.shape).toEqual([3, 2, 2]);
    expect(color.select(0, 0).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]); // the red plane
    const canvas = { data: new Uint8ClampedArray(2 * 2 * 4).fill(255), width: 2, height: 2 }; // ImageData
    expect(toTensor(canvas).shape).toEqual([4, 2, 2]);
    expect(() => toTensor({ data: new Uint8Array(10), width: 2, height: 2 })).toThrow(
      /expected 1, 3 or 4 channels, got 2.5/,
    );
  });

  test('normalize per channel; toPixels draws back (grey as RGBA for a canvas)', () => {
    const x = toTensor(rgb);
    const normalized = normalize(x, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
    expect(normalized.select(0, 0).toArray()).toEqual([
      [1, -1],
      [-1, 1],
    ]);
    expect(Array.from(toPixels(x).data)).toEqual(Array.from(rgb.data));
    const drawn = toPixels(toTensor(grey), { channels: 4 });
    expect(Array.from(drawn.data.subarray(0, 8))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    expect(() => normalize(x, [0.5], [0.5])).toThrow('normalize: 3 channels need 3 means and stds, got 1 and 1');
  });
});
