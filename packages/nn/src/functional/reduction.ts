import type { Tensor } from '@torchlet/autograd';
import { formatShape, shapesEqual, ValueError } from '@torchlet/tensor';

export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(reduction: string): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(`${reduction} is not a valid value for reduction; expected 'mean', 'sum' or 'none'`);
  }
  return reduction;
}

export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  return loss;
}

const warned = new Set<string>();

/**
 * PyTorch's UserWarning for element-wise losses whose input and target shapes differ (a [N, 1]
 * prediction against a [N] target broadcasts to [N, N] and silently trains the wrong thing).
 * Printed once per shape pair.
 */
export function warnIfShapesDiffer(op: string, input: Tensor, target: Tensor): void {
  if (shapesEqual(input.shape, target.shape)) return;
  const message =
    `${op}: Using a target size (${formatShape(target.shape)}) that is different to the input size (${formatShape(input.shape)}). ` +
    'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.';
  if (warned.has(message)) return;
  warned.add(message);
  // Through globalThis: the package compiles without DOM or Node typings and runs in both.
  (globalThis as { console?: { warn(text: string): void } }).console?.warn(message);
}
