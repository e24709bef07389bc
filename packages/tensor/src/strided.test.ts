import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Generator, stridedEngineStatus, type BinaryOpName, type NDArray } from './index.js';
import { ndarrayOpsState } from './strided-ndarray-ops.js';
import { useStridedEngine } from './strided.js';
import { arrayArb, broadcastableTo, shapeArb, valuesOf, withLayout, type Layout } from './testing.test-util.js';

afterEach(() => {
  vi.restoreAllMocks();
  useStridedEngine('auto');
});

/** Runs `work` once on each engine and returns both results. */
function onBothEngines<T>(work: () => T): { ndarrayOps: T; plain: T } {
  useStridedEngine('ndarray-ops');
  const ndarrayOps = work();
  useStridedEngine('plain');
  const plain = work();
  return { ndarrayOps, plain };
}

/** Every stored element of `a`'s storage: what a kernel wrote, and what it must not have touched. */
const storageOf = (a: NDArray) => Array.from(a.storage.data);

const OPS: BinaryOpName[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const STRIDED: Layout[] = ['permuted', 'strided', 'expanded'];

describe('the plain strided loops store what ndarray-ops stores', () => {
  // Operands laid out so the flat fast paths cannot take them (strided, permuted, broadcast).
  const operandsArb = shapeArb(1, 4).chain((out) =>
    fc.tuple(
      fc.constantFrom(...OPS),
      fc
        .tuple(fc.constantFrom(...STRIDED), fc.nat(63))
        .map(([layout, choice]) => withLayout(out, 'float32', layout, [1.5, -2, 0, 3, Number.NaN, -0.5], choice)),
      broadcastableTo(out).chain((shape) => arrayArb(shape)),
    ),
  );

  test('binary ops on strided and broadcast views, every dtype', () => {
    fc.assert(
      fc.property(operandsArb, ([op, a, b]) => {
        const results = onBothEngines(() => valuesOf(a[op](b)));
        expect(results.plain).toEqual(results.ndarrayOps);
      }),
      { numRuns: 200 },
    );
  });

  test('in-place ops into a strided target leave the rest of its storage alone', () => {
    fc.assert(
      fc.property(operandsArb, ([op, a, b]) => {
        if (!['add', 'sub', 'mul', 'div'].includes(op)) return;
        const method = `${op as 'add' | 'sub' | 'mul' | 'div'}_` as const;
        const results = onBothEngines(() => {
          const target = withLayout(a.shape, 'float64', 'strided', valuesOf(a), 5);
          target[method](b);
          return storageOf(target);
        });
        expect(results.plain).toEqual(results.ndarrayOps);
      }),
      { numRuns: 100 },
    );
  });

  test('copies: contiguous() of a view, fill_ and copy_ into a view, unary in place, random fills', () => {
    for (const layout of STRIDED) {
      const results = onBothEngines(() => {
        const source = withLayout([2, 3, 4], 'float32', layout, [1, -2, 3.5, 0.25], 3);
        const copy = source.contiguous();
        const target = withLayout([2, 3, 4], 'float64', 'strided', [9], 6);
        target.copy_(source.mul(2));
        const filled = withLayout([3, 4], 'int32', 'permuted', [0], 1).fill_(7);
        const exp = withLayout([3, 4], 'float32', 'strided', [0.5, -1], 2).exp_();
        const random = withLayout([4, 3], 'float64', 'permuted', [0], 1);
        random.normal_(0, 1, { generator: new Generator(7) });
        return [storageOf(copy), storageOf(target), storageOf(filled), storageOf(exp), storageOf(random)];
      });
      expect(results.plain).toEqual(results.ndarrayOps);
    }
  });
});

describe('choosing the engine', () => {
  test('in Node ndarray-ops loads synchronously on the first strided op, not at import', () => {
    useStridedEngine('auto');
    expect(stridedEngineStatus()).toBe('not loaded');
    withLayout([2, 3], 'float32', 'permuted', [1, 2, 3]).contiguous();
    expect(stridedEngineStatus()).toBe('ndarray-ops');
  });

  test('where code generation is refused, the plain loops serve, and the refusal is asked once', () => {
    useStridedEngine('auto');
    const refusingFunction = vi.fn(function () {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
    });
    vi.stubGlobal('Function', refusingFunction);
    const view = withLayout([3, 2], 'float32', 'permuted', [1, -2, 3]);
    let sum: number[];
    try {
      sum = valuesOf(view.add(view.mul(2)));
      view.contiguous();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(refusingFunction).toHaveBeenCalledTimes(1);
    expect(ndarrayOpsState().kind).toBe('refused');
    expect(stridedEngineStatus()).toBe('plain');
    expect(sum).toEqual(valuesOf(view).map((x) => 3 * x));
  });

  test('without a synchronous require (a browser) ndarray-ops arrives by dynamic import; plain loops serve until then', async () => {
    useStridedEngine('auto');
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    const view = withLayout([2, 2], 'float32', 'permuted', [1, 2, 3, 4]);
    expect(valuesOf(view.contiguous())).toEqual(valuesOf(view));
    const state = ndarrayOpsState();
    expect(state.kind).toBe('loading');
    expect(stridedEngineStatus()).toBe('loading');
    if (state.kind === 'loading') await state.done;
    expect(stridedEngineStatus()).toBe('ndarray-ops');
    expect(valuesOf(view.contiguous())).toEqual(valuesOf(view));
  });
});
