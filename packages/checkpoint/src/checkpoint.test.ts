import { Generator, manualSeed, NDArray, normal, Tensor, tensor, zeros } from '@torchlet/autograd';
import { DataLoader, TensorDataset } from '@torchlet/data';
import { Linear, Module, Parameter, Sequential } from '@torchlet/nn';
import { Adam, StepLR, type OptimizerStateDict } from '@torchlet/optim';
import { describe, expect, test } from 'vitest';
import {
  CheckpointError,
  decodeCheckpoint,
  decodeSafetensors,
  encodeCheckpoint,
  restoreCheckpoint,
  type Stateful,
} from './index.js';

/** A stand-in optimizer whose state has tensors, numbers and non-finite values. */
class FakeOptimizer implements Stateful {
  state: Record<string, unknown> = {
    state: { 0: { momentum_buffer: tensor([1, 2]), step: 3 } },
    param_groups: [{ lr: 0.1, eps: Number.POSITIVE_INFINITY, params: [0] }],
  };
  loaded: unknown = null;
  stateDict(): unknown {
    return this.state;
  }
  loadStateDict(state: never): void {
    this.loaded = state;
  }
}

const model = () => new Sequential(new Linear(2, 1));

describe('encodeCheckpoint / decodeCheckpoint', () => {
  test('model tensors keep their keys; training tensors go under @ keys; everything round-trips', () => {
    const m = model();
    const generator = new Generator(7);
    generator.nextNormal();
    const bytes = encodeCheckpoint({
      model: m,
      optimizer: new FakeOptimizer(),
      epoch: 3,
      step: 300,
      metrics: { valLoss: 0.25, trainLoss: Number.NaN },
      generators: { default: generator },
      extra: { note: 'hello', table: [1, 2] },
    });
    const raw = decodeSafetensors(bytes);
    expect(Object.keys(raw.tensors).sort()).toEqual(['0.bias', '0.weight', '@optimizer.state.0.momentum_buffer']);
    expect(raw.metadata['format']).toBe('torchlet.checkpoint/1');

    const decoded = decodeCheckpoint(bytes);
    expect(Object.keys(decoded.model).sort()).toEqual(['0.bias', '0.weight']);
    expect(decoded.epoch).toBe(3);
    expect(decoded.step).toBe(300);
    expect(decoded.metrics['valLoss']).toBe(0.25);
    expect(decoded.metrics['trainLoss']).toBeNaN();
    expect(decoded.extra).toEqual({ note: 'hello', table: [1, 2] });

    const target = model();
    const optimizer = new FakeOptimizer();
    const restored = new Generator(0);
    restoreCheckpoint(decoded, { model: target, optimizer, generators: { default: restored } });
    expect(target[0].weight.toArray()).toEqual(m[0].weight.toArray());
    const loaded = optimizer.loaded as {
      state: Record<string, { momentum_buffer: NDArray }>;
      param_groups: { eps: number }[];
    };
    expect(loaded.state['0']!.momentum_buffer.toArray()).toEqual([1, 2]);
    expect(loaded.param_groups[0]!.eps).toBe(Number.POSITIVE_INFINITY);
    expect(restored.nextNormal()).toBe(generator.nextNormal()); // the pending Box–Muller value came back too
  });

  test('restoring state the checkpoint does not have is an error, never a silent fresh start', () => {
    const decoded = decodeCheckpoint(encodeCheckpoint({ model: model() }));
    expect(() => restoreCheckpoint(decoded, { optimizer: new FakeOptimizer() })).toThrow(
      new CheckpointError('restoreCheckpoint: the checkpoint holds no optimizer state to restore'),
    );
    expect(() => restoreCheckpoint(decoded, { generators: { default: new Generator() } })).toThrow(
      /no state for generator "default"/,
    );
  });

  test('a plain weights file is not mistaken for a checkpoint', () => {
    expect(() =>
      decodeCheckpoint(new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{}      ')])),
    ).toThrow(/metadata "format" is null, expected "torchlet.checkpoint\/1"/);
  });

  test('values that JSON cannot hold are refused with their path', () => {
    const bad = { model: model(), extra: { when: new Date(0) } };
    expect(() => encodeCheckpoint(bad)).toThrow(/cannot save an object of class Date at extra.when/);
  });
});

/** Everything a restore could change, as bytes and plain values, to compare before and after. */
function everything(targets: ReturnType<typeof trained>): unknown {
  const bytes = (t: { toTypedArray(): ArrayLike<number> }) => [
    ...new Uint8Array(new Float64Array(t.toTypedArray()).buffer),
  ];
  const plain = (value: unknown): unknown =>
    value instanceof Tensor
      ? bytes(value)
      : Array.isArray(value)
        ? value.map(plain)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
          : value;
  return {
    model: Object.fromEntries(Object.entries(targets.model.stateDict()).map(([k, v]) => [k, bytes(v)])),
    optimizer: plain(targets.optimizer.stateDict()),
    scheduler: targets.scheduler.stateDict(),
    loader: plain({
      ...targets.loader.stateDict(),
      generatorState: [...(targets.loader.stateDict().generatorState ?? [])],
    }),
    generator: [...targets.generator.getState()],
  };
}

/** A trained setup: model, Adam, StepLR, a shuffling loader, a generator, after `steps` steps. */
function trained(seed: number, steps: number) {
  manualSeed(seed);
  const net = new Sequential(new Linear(2, 3), new Linear(3, 1));
  const optimizer = new Adam(net.parameters(), { lr: 0.1 });
  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: 0.5 });
  const loader = new DataLoader(new TensorDataset(normal(0, 1, [8, 2]), normal(0, 1, [8, 1])), {
    batchSize: 4,
    shuffle: true,
  });
  const generator = new Generator(seed);
  for (let s = 0; s < steps; s++) {
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      net.forward(x).sub(y).pow(2).mean().backward();
      optimizer.step();
    }
    scheduler.step();
    generator.nextNormal();
  }
  return { model: net, optimizer, scheduler, loader, generator };
}

describe('restoreCheckpoint is all or nothing', () => {
  const saved = trained(1, 3);
  const bytes = encodeCheckpoint({
    model: saved.model,
    optimizer: saved.optimizer,
    scheduler: saved.scheduler,
    loaders: { train: saved.loader },
    generators: { default: saved.generator },
  });

  test('the baseline: a full restore changes every target', () => {
    const target = trained(2, 1);
    const before = everything(target);
    restoreCheckpoint(decodeCheckpoint(bytes), {
      model: target.model,
      optimizer: target.optimizer,
      scheduler: target.scheduler,
      loaders: { train: target.loader },
      generators: { default: target.generator },
    });
    expect(everything(target)).toEqual(everything(saved));
    expect(everything(target)).not.toEqual(before);
  });

  test('a checkpoint without optimizer state changes neither the model nor anything else', () => {
    const weightsOnly = decodeCheckpoint(encodeCheckpoint({ model: saved.model }));
    const target = trained(2, 1);
    const before = everything(target);
    expect(() => restoreCheckpoint(weightsOnly, { model: target.model, optimizer: target.optimizer })).toThrow(
      'restoreCheckpoint: the checkpoint holds no optimizer state to restore',
    );
    expect(everything(target)).toEqual(before);
  });

  test.each([
    [
      'the scheduler',
      { scheduler: 'other' },
      /restoring the scheduler failed, so nothing was restored: loadStateDict: base_lrs has 1 values, but the optimizer has 2 param groups/,
    ],
    [
      'a loader',
      { loader: 'sequential' },
      /restoring the loader "train" failed, so nothing was restored: BatchSampler.loadStateDict: got a generatorState, but the wrapped sampler has no random state/,
    ],
    [
      'a generator',
      { generator: 'corrupt' },
      /restoring the generator "default" failed, so nothing was restored: Generator.setState: .*bad magic number/,
    ],
  ] as const)(
    'when %s refuses its state, what was already restored gets its old state back',
    (_what, change, message) => {
      const target = trained(2, 1);
      const decoded = decodeCheckpoint(bytes);
      const targets = {
        model: target.model,
        optimizer: target.optimizer,
        scheduler: target.scheduler,
        loaders: { train: target.loader },
        generators: { default: target.generator },
      };
      if ('scheduler' in change) {
        // An optimizer with a second param group: the saved scheduler state (one group) does not fit.
        const extra = new Linear(1, 1);
        target.optimizer.addParamGroup({ params: extra.parameters() });
        const groups = (decoded.optimizer as OptimizerStateDict).param_groups;
        groups.push({ ...groups[0]!, params: [99, 100] });
      }
      if ('loader' in change) targets.loaders.train = new DataLoader(target.loader.dataset, { batchSize: 4 });
      if ('generator' in change) {
        const state = decoded.generators['default']!;
        state[0] = state[0]! ^ 0xff;
      }
      const before = everything(target);
      const loaderBefore = targets.loaders.train.stateDict();
      expect(() => restoreCheckpoint(decoded, targets)).toThrow(message);
      expect(everything(target)).toEqual(before);
      expect(targets.loaders.train.stateDict()).toEqual(loaderBefore);
    },
  );

  test('model keys, shapes and dtypes are checked before anything is written, in PyTorch words', () => {
    const target = trained(2, 1);
    const before = everything(target);
    const other = new Sequential(new Linear(2, 4), new Linear(4, 1));
    const wrongShape = decodeCheckpoint(encodeCheckpoint({ model: other, optimizer: saved.optimizer }));
    expect(() => restoreCheckpoint(wrongShape, { model: target.model, optimizer: target.optimizer })).toThrow(
      'restoreCheckpoint: Error(s) in loading state_dict for Sequential:\n\tsize mismatch for 0.weight: copying a param with shape [4, 2] from checkpoint, the shape in current model is [3, 2].\n\tsize mismatch for 0.bias: copying a param with shape [4] from checkpoint, the shape in current model is [3].\n\tsize mismatch for 1.weight: copying a param with shape [1, 4] from checkpoint, the shape in current model is [1, 3].',
    );
    const oneLayer = new Sequential(new Linear(2, 3));
    const fewer = decodeCheckpoint(encodeCheckpoint({ model: oneLayer }));
    expect(() => restoreCheckpoint(fewer, { model: target.model })).toThrow(
      'restoreCheckpoint: Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "1.weight", "1.bias". ',
    );
    expect(everything(target)).toEqual(before);
    // strict: false loads what matches and reports the rest.
    const result = restoreCheckpoint(fewer, { model: target.model, strict: false });
    expect(result.missingKeys).toEqual(['1.weight', '1.bias']);
    expect(target.model[1].weight.toArray()).toEqual(
      (before as { model: unknown }).model && target.model[1].weight.toArray(),
    );
  });

  test('a value that cannot take the model tensor dtype fails before the first tensor is written', () => {
    class Counted extends Module {
      weight = new Parameter(tensor([1, 2]));
      constructor() {
        super();
        this.registerBuffer('count', zeros([1], { dtype: 'int32' }));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const source = {
      stateDict: () => ({ weight: tensor([5, 6]), count: tensor([Number.NaN]) }),
      loadStateDict: () => ({ missingKeys: [], unexpectedKeys: [] }),
    };
    const decoded = decodeCheckpoint(encodeCheckpoint({ model: source }));
    const counted = new Counted();
    expect(() => restoreCheckpoint(decoded, { model: counted })).toThrow(
      /^restoreCheckpoint: tensor "count": cannot load the checkpoint's float32 tensor into the model's int32 count: .*NaN/,
    );
    expect(counted.weight.toArray()).toEqual([1, 2]); // the first key was not written either
  });
});
