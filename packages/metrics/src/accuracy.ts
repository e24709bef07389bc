import { labelPairs, type Labels } from './classes.js';

/** The fraction of samples whose predicted class is the true one (NaN for no samples). */
export function accuracy(predicted: Labels, target: Labels): number {
  const [p, t] = labelPairs('accuracy', predicted, target);
  let correct = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === t[i]) correct++;
  return correct / p.length;
}
