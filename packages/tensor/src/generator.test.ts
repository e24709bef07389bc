import { describe, expect, test } from 'vitest';
import { Generator, ValueError } from './index.js';

const draw = (g: Generator, n: number) => Array.from({ length: n }, () => g.nextUint32());

/** The xoshiro128** reference (Blackman & Vigna's C code), on BigInts so it shares nothing with ours. */
function* xoshiro128starstar(state: [number, number, number, number]) {
  const mask = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & mask;
  const s = state.map(BigInt);
  for (;;) {
    const result = (rotl((s[1]! * 5n) & mask, 7n) * 9n) & mask;
    const t = (s[1]! << 9n) & mask;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11n);
    yield Number(result);
  }
}

describe('Generator', () => {
  test('is xoshiro128**', () => {
    const g = new Generator(0);
    const bytes = g.getState();
    const view = new DataView(bytes.buffer);
    const words: [number, number, number, number] = [1, 2, 3, 0xdeadbeef];
    words.forEach((w, i) => view.setUint32(4 + 4 * i, w, true));
    g.setState(bytes);
    const reference = xoshiro128starstar(words);
    expect(draw(g, 20)).toEqual(Array.from({ length: 20 }, () => reference.next().value));
  });

  test('the same seed gives the same stream; different seeds differ', () => {
    expect(draw(new Generator(42), 8)).toEqual(draw(new Generator(42), 8));
    expect(draw(new Generator(42), 8)).not.toEqual(draw(new Generator(43), 8));
    expect(draw(new Generator(0), 8)).not.toEqual(draw(new Generator(2 ** 32), 8));
    expect(draw(new Generator(2 ** 40), 4)).toEqual(draw(new Generator().manualSeed(2n ** 40n), 4));
    expect(draw(new Generator().manualSeed(2n ** 63n), 4)).not.toEqual(draw(new Generator(0), 4));
  });

  test('manualSeed restarts the stream, including a pending normal', () => {
    const g = new Generator(5);
    const first = [g.nextNormal(), g.nextNormal(), g.nextDouble()];
    g.nextNormal(); // leaves the second value of a pair pending
    g.manualSeed(5);
    expect([g.nextNormal(), g.nextNormal(), g.nextDouble()]).toEqual(first);
    expect(g.initialSeed()).toBe(5);
  });

  test('getState/setState restore the stream exactly, in the middle of a Box-Muller pair too', () => {
    const g = new Generator(7);
    g.nextNormal(); // the pair's second value is now pending
    const state = g.getState();
    const after = [g.nextNormal(), g.nextNormal(), g.nextFloat(), g.nextInt(0, 10)];
    g.nextNormal();
    g.setState(state);
    expect([g.nextNormal(), g.nextNormal(), g.nextFloat(), g.nextInt(0, 10)]).toEqual(after);
    const other = new Generator(99).setState(state);
    expect([other.nextNormal(), other.nextNormal(), other.nextFloat(), other.nextInt(0, 10)]).toEqual(after);
    expect(other.initialSeed()).toBe(7);
  });

  test('getState returns a snapshot, not a live view', () => {
    const g = new Generator(1);
    const state = g.getState();
    const copy = state.slice();
    draw(g, 3);
    expect(state).toEqual(copy);
    expect(g.getState()).not.toEqual(state);
  });

  test('samples are in range', () => {
    const g = new Generator(3);
    const bad: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const d = g.nextDouble();
      const f = g.nextFloat();
      const k = g.nextInt(-3, 4);
      if (!(d >= 0 && d < 1)) bad.push(d);
      if (!(f >= 0 && f < 1 && Math.fround(f) === f)) bad.push(f);
      if (!(Number.isInteger(k) && k >= -3 && k < 4)) bad.push(k);
    }
    expect(bad).toEqual([]);
  });

  test('bad seeds and states are rejected', () => {
    expect(() => new Generator(-1)).toThrow(ValueError);
    expect(() => new Generator(1.5)).toThrow(
      'manualSeed: seed must be a non-negative safe integer or a bigint, got 1.5',
    );
    expect(() => new Generator().manualSeed(2n ** 64n)).toThrow(ValueError);
    const g = new Generator();
    expect(() => g.setState(new Uint8Array(3))).toThrow(
      'Generator.setState: expected a Uint8Array of 40 bytes from getState(), got 3 bytes',
    );
    expect(() => g.setState(new Uint8Array(40))).toThrow('bad magic number');
    const zero = g.getState();
    zero.fill(0, 4, 20);
    expect(() => g.setState(zero)).toThrow('Generator.setState: the all-zero state is invalid');
  });
});
