import { noGrad, tensor, type Tensor } from '@torchlet/autograd';
import { ValueError } from '@torchlet/tensor';

type Parameters = Tensor | Iterable<Tensor>;

function withGradients(parameters: Parameters): Tensor[] {
  const list =
    'array' in parameters && 'gradFn' in parameters ? [parameters as Tensor] : [...(parameters as Iterable<Tensor>)];
  return list.filter((p) => p.grad !== null);
}

export interface ClipGradNormOptions {
  /** The p of the p-norm (default 2); Infinity for the largest absolute value. */
  normType?: number;
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales all gradients together, in place, so that their total norm is at most `maxNorm`
 * (PyTorch's `clip_grad_norm_`): the coefficient is maxNorm / (total + 1e-6), clamped to 1.
 * Returns the total norm before clipping (a 0-d float tensor).
 */
export function clipGradNorm_(parameters: Parameters, maxNorm: number, options: ClipGradNormOptions = {}): Tensor {
  const normType = options.normType ?? 2;
  if (!(normType > 0)) throw new ValueError(`clipGradNorm_: normType must be positive (or Infinity), got ${normType}`);
  const grads = withGradients(parameters).map((p) => p.grad!);
  if (grads.length === 0) return tensor(0);
  let total = 0;
  for (const g of grads) {
    const values = g.array.toTypedArray();
    if (normType === Number.POSITIVE_INFINITY) {
      for (const v of values) {
        const magnitude = Math.abs(v);
        if (magnitude > total || magnitude !== magnitude) total = magnitude; // NaN, once seen, stays
      }
    } else {
      let sum = 0;
      for (const v of values) sum += Math.abs(v) ** normType;
      total += sum; // Σ over tensors of ‖g‖ᵖ is the p-th power of the norm of their norms
    }
  }
  if (normType !== Number.POSITIVE_INFINITY) total **= 1 / normType;
  if (options.errorIfNonfinite === true && !Number.isFinite(total)) {
    throw new ValueError(
      `clipGradNorm_: the total norm of order ${normType} for gradients from \`parameters\` is non-finite (${total}), so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false`,
    );
  }
  const coefficient = Math.min(maxNorm / (total + 1e-6), 1);
  noGrad(() => {
    for (const g of grads) g.mul_(coefficient);
  });
  return tensor(total, { dtype: grads[0]!.dtype });
}

/** Clamps every gradient element into [−clipValue, clipValue], in place (PyTorch's `clip_grad_value_`). */
export function clipGradValue_(parameters: Parameters, clipValue: number): void {
  if (!(clipValue >= 0))
    throw new ValueError(`clipGradValue_: clipValue must be a non-negative number, got ${clipValue}`);
  noGrad(() => {
    for (const p of withGradients(parameters)) p.grad!.clamp_(-clipValue, clipValue);
  });
}
