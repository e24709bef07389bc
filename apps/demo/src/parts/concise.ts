// Part 2: the tutorial's concise implementation (../tutorial/concise.ts) on d2l's data, whose true
// w the tutorial writes as [2, -3.14].
import { manualSeed, tensor } from '@torchlet/autograd';
import { syntheticData } from '@torchlet/data';
import type { Output } from '../output.js';
import { conciseEpochs } from '../tutorial/concise.js';
import { reportRegression, type ScratchOptions, type ScratchResult } from './regression-report.js';

export function runConcise(options: ScratchOptions, out: Output): ScratchResult {
  manualSeed(options.seed);
  const trueW = tensor([2, -3.14]);
  const trueB = 4.2;
  const [features, labels] = syntheticData(trueW, trueB, 1000);
  const data = { features, labels, trueW, trueB };
  return reportRegression(conciseEpochs(data, options), data, options.lang, out);
}
