import { describe, expect, test } from 'vitest';
import { enableGrad, isGradEnabled, noGrad, setGradEnabled, tensor } from './index.js';

describe('grad mode', () => {
  test('noGrad stops recording and restores the mode, even on a throw', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('enableGrad inside noGrad records again', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => enableGrad(() => w.mul(2)));
    expect(y.gradFn?.name).toBe('MulBackward0');
    expect(noGrad(() => isGradEnabled())).toBe(false);
  });

  test('an async scope keeps its mode across awaits and closes when it settles', async () => {
    const pending = noGrad(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return isGradEnabled();
    });
    expect(isGradEnabled()).toBe(false); // still open: the promise has not settled
    expect(await pending).toBe(false);
    expect(isGradEnabled()).toBe(true);
    await expect(
      noGrad(async () => {
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('setGradEnabled sets the mode outside scopes', () => {
    setGradEnabled(false);
    try {
      expect(tensor([1], { requiresGrad: true }).mul(2).requiresGrad).toBe(false);
      expect(enableGrad(() => isGradEnabled())).toBe(true);
    } finally {
      setGradEnabled(true);
    }
  });
});
