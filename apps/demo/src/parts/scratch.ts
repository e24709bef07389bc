// Part 1: the tutorial's linear regression from scratch (../tutorial/scratch.ts), printed as the
// tutorial prints it: the first minibatch, the loss after each epoch, the errors in w and b.
import { manualSeed } from '@torchlet/autograd';
import type { Output } from '../output.js';
import { dataIter, scratchData, scratchEpochs } from '../tutorial/scratch.js';
import { reportRegression, type ScratchOptions, type ScratchResult } from './regression-report.js';

export function runScratch(options: ScratchOptions, out: Output): ScratchResult {
  manualSeed(options.seed);
  const data = scratchData();
  for (const [x, y] of dataIter(options.batchSize, data.features, data.labels)) {
    out.line(`${x}\n${y}`);
    break;
  }
  return reportRegression(scratchEpochs(data, options), data, options.lang, out);
}
