import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  cat,
  div,
  enableGrad,
  grad,
  gradcheck,
  linear,
  pow,
  stack,
  sub,
  tensor,
  where,
  zeros,
  type Tensor,
} from './index.js';

// Random float64 inputs for finite differences; ops with kinks (abs, relu, clamp, max) keep
// their inputs away from the kink, where the derivative is not defined.
const dims = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 });

function input(shape: number[], values: number[]): Tensor {
  return tensor(values, { dtype: 'float64' }).reshape(shape).detach().requiresGrad_();
}

/**
 * An arbitrary tensor of `shape` with distinct values in [min, max] (so max/min have no ties for
 * finite differences to straddle), each at least `gap` away from `avoid`.
 */
function tensorOf(shape: number[], min = -2, max = 2, avoid?: number, gap = 0.05) {
  const size = shape.reduce((a, b) => a * b, 1);
  const steps = 2000;
  const at = (k: number) => min + (k / steps) * (max - min);
  const step = fc.integer({ min: 0, max: steps }).filter((k) => avoid === undefined || Math.abs(at(k) - avoid) > gap);
  return fc.uniqueArray(step, { minLength: size, maxLength: size }).map((ks) => input(shape, ks.map(at)));
}

const shaped = (min?: number, max?: number, avoid?: number) => dims.chain((s) => tensorOf(s, min, max, avoid));

/** Two shapes that broadcast: the second drops leading dims and sets some dims to 1. */
const broadcastPair = dims.chain((s) =>
  fc
    .tuple(fc.integer({ min: 0, max: s.length }), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }))
    .map(([drop, ones]) => [s, s.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d))] as const),
);

function check(fn: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): void {
  expect(gradcheck(fn, xs)).toBe(true);
}
const runs = { numRuns: 15 };

describe('gradcheck: analytical gradients match finite differences', () => {
  test.each([
    ['add', (a: Tensor, b: Tensor) => a.add(b)],
    ['sub', (a: Tensor, b: Tensor) => a.sub(b)],
    ['mul', (a: Tensor, b: Tensor) => a.mul(b)],
    // Off the inputs' grid (steps of 0.002), so a and b + 0.3001 are never (nearly) tied.
    ['maximum', (a: Tensor, b: Tensor) => a.maximum(b.add(0.3001))],
    ['minimum', (a: Tensor, b: Tensor) => a.minimum(b.add(0.3001))],
  ])('%s with broadcasting', (_name, fn) => {
    fc.assert(
      fc.property(
        broadcastPair.chain(([sa, sb]) => fc.tuple(tensorOf(sa), tensorOf(sb))),
        ([a, b]) => check(fn, a, b),
      ),
      runs,
    );
  });

  test('div with broadcasting (denominator away from 0)', () => {
    fc.assert(
      fc.property(
        broadcastPair.chain(([sa, sb]) => fc.tuple(tensorOf(sa), tensorOf(sb, 0.5, 2))),
        ([a, b]) => check((x, y) => x.div(y), a, b),
      ),
      runs,
    );
  });

  test.each([
    ['neg', (a: Tensor) => a.neg(), -2, 2, undefined],
    ['exp', (a: Tensor) => a.exp(), -2, 2, undefined],
    ['log', (a: Tensor) => a.log(), 0.2, 3, undefined],
    ['log1p', (a: Tensor) => a.log1p(), -0.5, 3, undefined],
    ['sqrt', (a: Tensor) => a.sqrt(), 0.2, 3, undefined],
    ['reciprocal', (a: Tensor) => a.reciprocal(), 0.3, 3, undefined],
    ['abs', (a: Tensor) => a.abs(), -2, 2, 0],
    ['relu', (a: Tensor) => a.relu(), -2, 2, 0],
    ['sigmoid', (a: Tensor) => a.sigmoid(), -4, 4, undefined],
    ['tanh', (a: Tensor) => a.tanh(), -3, 3, undefined],
    ['clamp', (a: Tensor) => a.clamp(-0.5, 0.5), -2, 2, 0.5],
    ['pow 3', (a: Tensor) => a.pow(3), -2, 2, undefined],
    ['pow -1.5', (a: Tensor) => a.pow(-1.5), 0.3, 2, undefined],
    ['sum', (a: Tensor) => a.sum(), -2, 2, undefined],
    ['mean', (a: Tensor) => a.mean(), -2, 2, undefined],
    ['max', (a: Tensor) => a.max(), -2, 2, undefined],
    ['clone', (a: Tensor) => a.clone(), -2, 2, undefined],
    ['flatten', (a: Tensor) => a.flatten(), -2, 2, undefined],
    ['squeeze', (a: Tensor) => a.unsqueeze(0).squeeze(), -2, 2, undefined],
    ['reshape -1', (a: Tensor) => a.reshape([-1]), -2, 2, undefined],
    ['rsub', (a: Tensor) => sub(4.2, a), -2, 2, undefined],
    ['scalar / a', (a: Tensor) => div(2, a), 0.3, 2, undefined],
    ['2 ** a', (a: Tensor) => pow(2, a), -2, 2, undefined],
  ] as const)('%s', (_name, fn, min, max, avoid) => {
    fc.assert(
      fc.property(shaped(min, max, avoid), (a) => check(fn, a)),
      runs,
    );
  });

  test('pow with a tensor exponent', () => {
    fc.assert(
      fc.property(
        dims.chain((s) => fc.tuple(tensorOf(s, 0.3, 2), tensorOf(s, -2, 2))),
        ([a, b]) => check((x, y) => x.pow(y), a, b),
      ),
      runs,
    );
  });

  test('reductions over dims, with and without keepdim', () => {
    const withDim = fc
      .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
      .chain((s) => fc.tuple(tensorOf(s), fc.integer({ min: -s.length, max: s.length - 1 }), fc.boolean()));
    fc.assert(
      fc.property(withDim, ([a, dim, keepdim]) => {
        check((x) => x.sum(dim, keepdim), a);
        check((x) => x.mean(dim, keepdim), a);
        check((x) => x.max(dim, keepdim).values, a);
        check((x) => x.min(dim, keepdim).values, a);
        check((x) => x.softmax(dim), a);
        check((x) => x.logSoftmax(dim), a);
      }),
      runs,
    );
  });

  test('matmul for every rank combination', () => {
    const pairs: [number[], number[]][] = [
      [[3], [3]],
      [[2, 3], [3]],
      [[3], [3, 4]],
      [
        [2, 3],
        [3, 4],
      ],
      [
        [2, 2, 3],
        [3, 4],
      ],
      [[3], [2, 3, 4]],
      [
        [2, 1, 2, 3],
        [3, 3, 2],
      ],
    ];
    for (const [sa, sb] of pairs) {
      fc.assert(
        fc.property(fc.tuple(tensorOf(sa), tensorOf(sb)), ([a, b]) => check((x, y) => x.matmul(y), a, b)),
        { numRuns: 3 },
      );
    }
  });

  test('linear (one node: x·Wᵀ + b) for 1-D, 2-D and batched inputs, with and without bias', () => {
    for (const inputShape of [[3], [4, 3], [2, 2, 3]]) {
      fc.assert(
        fc.property(fc.tuple(tensorOf(inputShape), tensorOf([2, 3]), tensorOf([2])), ([x, w, b]) => {
          check((xs, weight, bias) => linear(xs, weight, bias), x, w, b);
          check((xs, weight) => linear(xs, weight), x, w);
        }),
        { numRuns: 3 },
      );
    }
  });

  test('views and copies', () => {
    const matrix = fc
      .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
      .chain(([r, c]) => tensorOf([r, c], -2, 2, 0));
    fc.assert(
      fc.property(matrix, (a) => {
        check((x) => x.t().mul(2), a);
        check((x) => x.transpose(0, 1).reshape([-1]), a);
        check((x) => x.permute([1, 0]).contiguous(), a);
        check((x) => x.unsqueeze(1).expand([a.shape[0]!, 3, a.shape[1]!]), a);
        check((x) => x.narrow(1, 1, 1), a);
        check((x) => x.slice(0, 0, undefined, 2), a);
        check((x) => x.select(0, -1), a);
        check((x) => x.indexSelect(0, [1, 0, 1]), a);
        check((x) => cat([x, x.mul(2)], 1), a);
        check((x) => stack([x, x.exp()], 0), a);
        check((x) => where(x.gt(0), x.mul(3), x.exp()), a);
      }),
      runs,
    );
  });

  test('in-place ops on non-leaf tensors rebase the graph correctly', () => {
    fc.assert(
      fc.property(shaped(0.3, 2), (a) => {
        check((x) => x.mul(2).add_(x).mul_(x).exp_(), a);
        check((x) => x.mul(2).add_(1).div_(x.add(2)).pow_(2).exp_(), a);
      }),
      runs,
    );
  });

  test('in-place ops through views reach both inputs, and double backward goes through them', () => {
    const matrix = fc
      .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
      .chain(([r, c]) => tensorOf([r, c], 0.3, 2));
    fc.assert(
      fc.property(matrix, (a) => {
        const [rows, cols] = a.shape as [number, number];
        // A base that requires nothing, written through a view with a tensor that does.
        check((x) => {
          const base = zeros([rows + 1, cols], { dtype: 'float64' });
          base.narrow(0, 1, rows).add_(x.exp());
          return base.mul(base.sum(0));
        }, a);
        // A non-leaf written through a transposed view, a select of it, then used whole.
        check((x) => {
          const y = x.mul(1);
          y.t().mul_(x.t().sigmoid());
          y.select(0, 0).copy_(x.select(0, -1).mul(2));
          return y.mul(y);
        }, a);
        // Second order through CopySlices and the recreated views.
        check(
          (x) =>
            enableGrad(() => {
              const y = x.mul(x);
              y.narrow(1, 0, 1).mul_(x.narrow(1, cols - 1, 1));
              return grad(y.pow(2).sum(), [x], { createGraph: true })[0]!;
            }),
          a,
        );
      }),
      { numRuns: 8 },
    );
  });

  test('double backward with createGraph', () => {
    fc.assert(
      fc.property(shaped(0.3, 2), (a) => {
        // d/dx of the gradient 3x² (plus cos-free exp term) must itself check out.
        const gradient = (x: Tensor) =>
          enableGrad(() => grad(x.mul(x).mul(x).add(x.exp()).sum(), [x], { createGraph: true })[0]!);
        check(gradient, a);
      }),
      { numRuns: 5 },
    );
  });
});
