import { tensor, type DType, type Tensor } from '@torchlet/autograd';

/** Leaf tensors that require grad, with the given values and shapes. */
export function leaves(
  values: readonly (readonly number[])[],
  shapes: readonly (readonly number[])[],
  dtype: DType = 'float64',
): Tensor[] {
  return values.map((v, i) =>
    tensor([...v], { dtype })
      .reshape(shapes[i]!)
      .detach()
      .requiresGrad_(),
  );
}

/** Sets each parameter's `grad` to a fresh tensor with the given values. */
export function setGrads(params: readonly Tensor[], grads: readonly (readonly number[])[]): void {
  params.forEach((p, i) => {
    p.grad = tensor([...grads[i]!], { dtype: p.dtype }).reshape(p.shape);
  });
}

/** Deterministic pseudo-random values in [-1, 1) (an LCG; tests need no RNG state). */
export function pseudoRandom(count: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

/** The parameters' values as plain arrays (for exact comparisons). */
export function snapshot(params: readonly Tensor[]): number[][] {
  return params.map((p) => Array.from(p.toTypedArray()));
}

/** PyTorch's option names → torchlet's. */
export function torchletOptions(kwargs: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = {
    lr: 'lr',
    momentum: 'momentum',
    dampening: 'dampening',
    nesterov: 'nesterov',
    weight_decay: 'weightDecay',
    maximize: 'maximize',
    betas: 'betas',
    eps: 'eps',
    amsgrad: 'amsgrad',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    const name = names[key];
    if (name === undefined) throw new Error(`no torchlet name for PyTorch's option ${key}`);
    out[name] = value;
  }
  return out;
}
