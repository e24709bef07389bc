// Panel 1's worker: the tutorial's two linear regressions, trained side by side on one data set.
import { manualSeed } from '@torchlet/autograd';
import { conciseEpochs, scratchData, scratchEpochs } from '@torchlet/demo/tutorial';
import type { RegressionApi, RegressionVersion } from '../protocol/apis.js';
import { environment, secondsSince } from './environment.js';
import { nextTask, serve } from './serve.js';

serve<RegressionApi>({
  async train(settings, progress) {
    const start = performance.now();
    manualSeed(settings.seed);
    const data = scratchData();
    // Both start when first asked, so both draw their initial weights after the data.
    const runs: [RegressionVersion, ReturnType<typeof scratchEpochs>][] = [
      ['scratch', scratchEpochs(data, settings)],
      ['concise', conciseEpochs(data, settings)],
    ];
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      for (const [version, epochs] of runs) {
        const next = epochs.next();
        if (next.done) continue;
        const { loss, w, b } = next.value;
        progress({ version, epoch, loss, w: Array.from(w.toTypedArray()), b: b.item() });
      }
      await nextTask();
    }
    return {
      seconds: secondsSince(start),
      environment: environment(),
      trueW: Array.from(data.trueW.toTypedArray()),
      trueB: data.trueB,
    };
  },
});
