import { AutogradError } from '../errors.js';
import { isGradEnabled } from '../grad-mode.js';

/**
 * For rules computed by a dedicated kernel (convolution, pooling, normalisation) rather than by
 * differentiable ops: their gradients are exact but carry no graph, so a second-order backward
 * (`createGraph: true`) through them would be silently wrong. It is refused instead.
 */
export function checkFirstOrder(node: string): void {
  if (isGradEnabled()) {
    throw new AutogradError(
      `${node}: backward with createGraph (double backward) is not supported through this op; its gradient is computed by a kernel without a graph`,
    );
  }
}
