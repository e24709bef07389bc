// How the scratch and concise parts print their training: the tutorial's epoch lines, then the
// errors in estimating w and b.
import { sub, type Tensor } from '@torchlet/autograd';
import { epochLine, errorLabels } from '../labels.js';
import type { Output } from '../output.js';
import type { RegressionData, RegressionEpoch } from '../tutorial/regression.js';

export interface ScratchOptions {
  seed: number;
  epochs: number;
  lr: number;
  batchSize: number;
  lang: 'zh' | 'en';
}

export interface ScratchResult {
  losses: number[];
  wError: Tensor;
  bError: Tensor;
}

/** Runs the epochs, printing each, then prints and returns how far w and b are from the truth. */
export function reportRegression(
  epochs: Iterable<RegressionEpoch>,
  data: RegressionData,
  lang: 'zh' | 'en',
  out: Output,
): ScratchResult {
  const losses: number[] = [];
  let last: RegressionEpoch | undefined;
  for (const epoch of epochs) {
    losses.push(epoch.loss);
    out.line(epochLine(epoch.epoch, epoch.loss));
    last = epoch;
  }
  if (last === undefined) throw new Error('reportRegression: no epoch was trained');
  const labelsText = errorLabels(lang);
  const wError = sub(data.trueW, last.w.reshape(data.trueW.shape));
  const bError = sub(data.trueB, last.b);
  out.line(`${labelsText.w}${wError}`);
  out.line(`${labelsText.b}${bError}`);
  return { losses, wError, bError };
}
