import { matmul, noGrad, normal, ShapeError, Tensor, ValueError, type Generator } from '@torchlet/autograd';
import { checkGenerator, describe } from './checks.js';

/**
 * The seed's `synthetic_data(w, b, num_examples)`: features `x ~ N(0, 1)` of shape `[n, len(w)]`
 * and labels `y = x·w + b + ε`, `ε ~ N(0, 0.01²)`, shaped `[n, 1]`; float32. `x` is drawn first,
 * then the noise, both from `generator` (the default generator if none), so
 * `manualSeed(s); syntheticData(...)` repeats. The results are plain data, outside any graph.
 */
export function syntheticData(
  w: Tensor,
  b: number,
  n: number,
  options: { generator?: Generator } = {},
): [features: Tensor, labels: Tensor] {
  if (!(w instanceof Tensor)) throw new TypeError(`syntheticData: w must be a Tensor, got ${describe(w)}`);
  if (typeof b !== 'number') throw new ValueError(`syntheticData: b must be a number, got ${describe(b)}`);
  checkGenerator('syntheticData', options.generator);
  if (w.ndim !== 1) throw new ShapeError(`syntheticData: w must be 1-dimensional, got shape [${w.shape.join(', ')}]`);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`syntheticData: n must be a non-negative integer, got ${n}`);
  const random = options.generator === undefined ? {} : { generator: options.generator };
  return noGrad(() => {
    const features = normal(0, 1, [n, w.shape[0]!], random);
    const clean = matmul(features, w.dtype === 'float32' ? w : w.float()).add(b);
    const labels = clean.add(normal(0, 0.01, clean.shape, random));
    return [features, labels.reshape([n, 1])];
  });
}
