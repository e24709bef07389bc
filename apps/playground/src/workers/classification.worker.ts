// Panel 2's worker: a tumour classifier trained on the Breast Cancer Wisconsin data; the epoch best
// on validation is kept (as a checkpoint, the file `save` hands out) and scored on the test split.
import { Generator, manualSeed } from '@torchlet/autograd';
import breastCancerCsv from '@torchlet/demo/data/breast_cancer.csv?raw';
import {
  parseBreastCancer,
  scoreTumourModel,
  TUMOUR_MODELS,
  tumourScoring,
  tumourSplits,
  type TumourModel,
  type TumourSplits,
} from '@torchlet/demo/tutorial';
import type { ClassificationApi, TestReport, TumourModelName } from '../protocol/apis.js';
import { environment, secondsSince } from './environment.js';
import { serve } from './serve.js';
import { trainKeepingBest } from './train-keeping-best.js';
import { readWeights } from './weights.js';

const data = parseBreastCancer(breastCancerCsv);

/** The splits (and standardisation) depend on the seed; a checkpoint records the one it used. */
function splits(seed: number): TumourSplits {
  return tumourSplits(data, new Generator().manualSeed(seed));
}

function spec(name: TumourModelName) {
  return TUMOUR_MODELS.find((m) => m.folder === name)!;
}

function testReport(model: TumourModel, seed: number, epoch: number | null): TestReport {
  model.eval();
  return { ...scoreTumourModel(model, splits(seed).test), epoch };
}

let kept: { bytes: Uint8Array; model: TumourModelName; epoch: number } | null = null;

serve<ClassificationApi>({
  async train(settings, progress) {
    const start = performance.now();
    manualSeed(settings.seed);
    const generator = new Generator().manualSeed(settings.seed);
    const { train, val } = tumourSplits(data, generator);
    const best = await trainKeepingBest(
      {
        model: spec(settings.model).build(),
        ...tumourScoring,
        train,
        val,
        settings,
        generator,
        monitor: 'valLoss',
        extra: { seed: settings.seed, model: settings.model },
      },
      progress,
    );
    kept = { bytes: best.bytes, model: settings.model, epoch: best.epoch };
    // The kept model is the best epoch's file read back, as an upload of it would be.
    const reloaded = spec(settings.model).build();
    readWeights(best.bytes, 'best').restore(reloaded);
    return {
      ...testReport(reloaded, settings.seed, best.epoch),
      seconds: secondsSince(start),
      environment: environment(),
    };
  },

  save() {
    if (kept === null) throw new Error('save: train a model first');
    return { bytes: kept.bytes.slice(), name: `tumours-${kept.model}-epoch${kept.epoch}.safetensors` };
  },

  load({ bytes, name }) {
    const file = readWeights(bytes, name);
    // Logistic regression has one layer of 1×30 weights; the MLP 16×30, then more.
    const model: TumourModelName = file.shapes['0.weight']?.[0] === 1 ? 'logistic' : 'mlp';
    const network = spec(model).build();
    file.restore(network);
    const seed = (file.extra as { seed?: unknown } | null)?.seed;
    kept = { bytes, model, epoch: file.epoch ?? 0 };
    return { ...testReport(network, typeof seed === 'number' ? seed : 0, file.epoch), model };
  },
});
