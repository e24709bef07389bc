// Panel 3's second worker: the tutorial's one neuron that tells a 5×5 X from other shapes.
import { manualSeed, tensor } from '@torchlet/autograd';
import { asTensors, examples, letterXNeuron, verdict, xProbability } from '@torchlet/demo/tutorial';
import { accuracy } from '@torchlet/metrics';
import type { Linear } from '@torchlet/nn';
import type { LetterXApi } from '../protocol/apis.js';
import { serve } from './serve.js';

let neuron: Linear | null = null;

serve<LetterXApi>({
  train({ seed, epochs, lr }) {
    manualSeed(seed);
    const { train, test } = examples(seed);
    const trained = letterXNeuron(asTensors(train), { epochs, lr });
    Array.from(trained.epochs); // runs the epochs (a few milliseconds: no progress to report)
    neuron = trained.neuron;
    const testSet = asTensors(test);
    return {
      weights: Array.from(neuron.weight.toTypedArray()),
      bias: neuron.bias.item(),
      testAccuracy: accuracy(verdict(neuron, testSet.x), testSet.y),
    };
  },

  judge({ grid }) {
    if (neuron === null) throw new Error('judge: the neuron is not trained yet');
    return { probability: xProbability(neuron, tensor([[...grid]])).item() };
  },
});
