// Checkpoints in and out of a worker: torchlet checkpoints (what `save` gives and the demo
// writes) and plain safetensors weights (what PyTorch's `save_file(model.state_dict())` writes).
import { decodeCheckpoint, decodeSafetensors, readSafetensorsHeader, restoreCheckpoint } from '@torchlet/checkpoint';
import type { Module } from '@torchlet/nn';

export interface WeightsFile {
  /** Tensor name → shape, to tell which model a file is for before loading it. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  readonly epoch: number | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly extra: unknown;
  /** Loads the weights into `model` (all or nothing; keys and shapes must match). */
  restore(model: Module): void;
}

const TORCHLET_FORMAT = /^torchlet\.checkpoint\//;

export function readWeights(bytes: Uint8Array, name: string): WeightsFile {
  const header = readSafetensorsHeader(bytes, { source: name });
  const shapes = Object.fromEntries(header.entries.map((entry) => [entry.name, entry.shape]));
  if (TORCHLET_FORMAT.test(header.metadata['format'] ?? '')) {
    const decoded = decodeCheckpoint(bytes, { op: 'load', source: name });
    return {
      shapes,
      epoch: decoded.epoch,
      metrics: decoded.metrics,
      extra: decoded.extra,
      restore: (model) => restoreCheckpoint(decoded, { model }, { op: 'load', source: name }),
    };
  }
  const { tensors } = decodeSafetensors(bytes, { source: name });
  return { shapes, epoch: null, metrics: {}, extra: null, restore: (model) => model.loadStateDict(tensors) };
}
