import { tensor, type Tensor } from '@torchlet/autograd';
import { ValueError } from '@torchlet/tensor';
import { labelPairs, type Labels } from './classes.js';

/**
 * counts[i][j]: how many samples of true class i were predicted as class j (rows are the truth,
 * as in scikit-learn and torchmetrics), an int32 tensor [C, C]. Classes are 0 .. numClasses − 1.
 */
export function confusionMatrix(predicted: Labels, target: Labels, numClasses: number): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ValueError(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
  }
  const [p, t] = labelPairs('confusionMatrix', predicted, target);
  const counts = new Int32Array(numClasses * numClasses);
  for (let i = 0; i < p.length; i++) {
    for (const [name, label] of [
      ['predicted', p[i]!],
      ['target', t[i]!],
    ] as const) {
      if (label < 0 || label >= numClasses) {
        throw new ValueError(`confusionMatrix: ${name} label ${label} at ${i} is outside 0..${numClasses - 1}`);
      }
    }
    counts[t[i]! * numClasses + p[i]!]!++;
  }
  return tensor(counts, { dtype: 'int32' }).reshape([numClasses, numClasses]);
}
