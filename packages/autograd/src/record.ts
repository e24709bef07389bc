import type { NDArray } from '@torchlet/tensor';
import { isGradEnabled } from './grad-mode.js';
import { Tensor } from './tensor.js';
import { activeTracer } from './trace.js';

/**
 * Whether an op on these inputs must record a node — or, while a trace is active, go through its
 * op's `record`, which reports it to the trace and records a node only if the graph needs one.
 */
export function tracks(a: Tensor, b?: Tensor | number | null): boolean {
  if (!isGradEnabled()) return activeTracer() !== null;
  return a.requiresGrad || (b instanceof Tensor && b.requiresGrad) || activeTracer() !== null;
}

/** `tracks` for any number of inputs. */
export function tracksAny(inputs: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return activeTracer() !== null;
  for (const t of inputs) if (t.requiresGrad) return true;
  return activeTracer() !== null;
}

/** Whether a graph node is needed for an op on `inputs` (what `tracks` says when no trace is active). */
export function needsGraph(inputs: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/** An untracked result. */
export function plain(out: NDArray): Tensor {
  return new Tensor(out);
}

/**
 * Marks `result` as a view of `a`: it shares `a`'s storage, and an in-place write through either
 * must update the other's place in the graph (see Tensor's in-place ops).
 */
export function asView(result: Tensor, a: Tensor): Tensor {
  result.becomeViewOf(a.viewBase ?? a);
  return result;
}
