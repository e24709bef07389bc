import { Generator, NDArray, tensor } from '@torchlet/autograd';
import { Linear, Sequential } from '@torchlet/nn';
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
