import { formatShape } from '@torchlet/tensor';
import { grad } from './engine.js';
import { AutogradError } from './errors.js';
import { noGrad } from './grad-mode.js';
import { Tensor } from './tensor.js';

export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Relative tolerance. */
  rtol?: number;
  /** Throw on a mismatch (default) or return false. */
  raiseException?: boolean;
}

export class GradcheckError extends AutogradError {
  override name = 'GradcheckError';
}

/**
 * Compares the gradients backward computes for `fn` with central finite differences, in
 * float64, for every input that requires grad (PyTorch's `torch.autograd.gradcheck`). The
 * inputs are copied; `fn` may return a tensor of any shape.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  const xs = inputs.map((x) => {
    if (x.requiresGrad && x.dtype !== 'float64') {
      throw new GradcheckError(
        `gradcheck: inputs that require grad must be float64 for finite differences to be accurate, got ${x.dtype}`,
      );
    }
    return new Tensor(x.array.clone(), x.requiresGrad);
  });
  const evaluate = () => noGrad(() => fn(...xs).array.toTypedArray());
  const outputSize = evaluate().length;
  for (const [i, x] of xs.entries()) {
    if (!x.requiresGrad) continue;
    const numeric = numericalJacobian(evaluate, x, eps, outputSize);
    const analytic = analyticalJacobian(fn, xs, i, outputSize);
    for (let k = 0; k < numeric.length; k++) {
      const n = numeric[k]!;
      const a = analytic[k]!;
      if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
        const row = Math.floor(k / x.numel());
        const col = k % x.numel();
        const message =
          `gradcheck: Jacobian mismatch for output element ${row} with respect to input ${i} (shape ${formatShape(x.shape)}) element ${col}: ` +
          `numerical ${n}, analytical ${a}`;
        if (raiseException) throw new GradcheckError(message);
        return false;
      }
    }
  }
  return true;
}

/** J[outIndex * n + inIndex] by central differences, nudging one input element at a time. */
function numericalJacobian(
  evaluate: () => ArrayLike<number>,
  x: Tensor,
  eps: number,
  outputSize: number,
): Float64Array {
  const n = x.numel();
  const jacobian = new Float64Array(outputSize * n);
  const data = x.array.storage.data;
  for (let j = 0; j < n; j++) {
    const original = data[j]!;
    data[j] = original + eps;
    const plus = evaluate();
    data[j] = original - eps;
    const minus = evaluate();
    data[j] = original;
    for (let k = 0; k < outputSize; k++) jacobian[k * n + j] = (plus[k]! - minus[k]!) / (2 * eps);
  }
  return jacobian;
}

/** J row by row: backward of each output element with a one-hot upstream gradient. */
function analyticalJacobian(
  fn: (...inputs: Tensor[]) => Tensor,
  xs: readonly Tensor[],
  i: number,
  outputSize: number,
): Float64Array {
  const x = xs[i]!;
  const n = x.numel();
  const jacobian = new Float64Array(outputSize * n);
  const output = fn(...xs);
  for (let k = 0; k < outputSize; k++) {
    const oneHot = new Tensor(output.array.mul(0));
    oneHot.array.storage.data[k] = 1;
    const [g] = output.requiresGrad ? grad(output, [x], { gradOutput: oneHot, retainGraph: true }) : [null];
    if (g === null || g === undefined) continue;
    const values = g.array.toTypedArray();
    for (let j = 0; j < n; j++) jacobian[k * n + j] = values[j]!;
  }
  return jacobian;
}
