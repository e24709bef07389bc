// Panel 3's worker: the digits CNN. It starts from a checkpoint (the bundled one the demo trained,
// or an upload), predicts drawings, and can train a new model on the 1797 digits in the page.
import { Generator, manualSeed, noGrad, tensor } from '@torchlet/autograd';
import { digitImages, digitsModel, digitSplits, digitsScoring, evaluate, parseDigits } from '@torchlet/demo/tutorial';
import type { Sequential } from '@torchlet/nn';
import type { DigitsApi } from '../protocol/apis.js';
import { environment, secondsSince } from './environment.js';
import { serve } from './serve.js';
import { trainKeepingBest } from './train-keeping-best.js';
import { readWeights } from './weights.js';

/** The model that answers `predict`, and the file it came from. */
let kept: { model: Sequential; bytes: Uint8Array; name: string } | null = null;

function keep(bytes: Uint8Array, name: string) {
  const file = readWeights(bytes, name);
  const model = digitsModel();
  file.restore(model);
  model.eval();
  kept = { model, bytes, name };
  return file;
}

serve<DigitsApi>({
  load({ bytes, name }) {
    const file = keep(bytes, name);
    return { epoch: file.epoch, valAccuracy: file.metrics['valAccuracy'] ?? null };
  },

  async train(settings, progress) {
    const start = performance.now();
    // The data arrive with the first training, so predictions can start without them.
    const { default: csv } = await import('@torchlet/demo/data/digits-8x8.csv?raw');
    manualSeed(settings.seed);
    const generator = new Generator().manualSeed(settings.seed);
    const { train, val, test } = digitSplits(parseDigits(csv), generator);
    const best = await trainKeepingBest(
      { model: digitsModel(), ...digitsScoring, train, val, settings, generator, monitor: 'valAccuracy' },
      progress,
    );
    keep(best.bytes, `digits-cnn-epoch${best.epoch}.safetensors`);
    const testAccuracy = evaluate({ model: kept!.model, ...digitsScoring }, test).accuracy;
    return { bestEpoch: best.epoch, testAccuracy, seconds: secondsSince(start), environment: environment() };
  },

  predict({ pixels }) {
    if (kept === null) throw new Error('predict: no model loaded yet');
    const image = digitImages(tensor([[...pixels]]));
    const probabilities = noGrad(() => kept!.model.forward(image).softmax(1));
    return { probabilities: Array.from(probabilities.toTypedArray()) };
  },

  save() {
    if (kept === null) throw new Error('save: no model loaded yet');
    return { bytes: kept.bytes.slice(), name: kept.name };
  },
});
