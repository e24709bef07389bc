import {
  decodeCheckpoint,
  encodeCheckpoint,
  restoreCheckpoint,
  type CheckpointContents,
  type DecodedCheckpoint,
  type RestoreResult,
  type RestoreTargets,
} from '../checkpoint.js';
import { readWholeFile } from './safetensors-file.js';
import { writeAtomically } from './write-file-atomic.js';

/**
 * Saves model weights, optimizer and scheduler state, epoch/step, metrics, generator and loader
 * states in one safetensors file, written atomically (a crash leaves the old file or the new one).
 */
export async function saveCheckpoint(path: string, contents: CheckpointContents): Promise<void> {
  const bytes = encodeCheckpoint(contents, { op: 'saveCheckpoint', source: path });
  await writeAtomically(path, bytes, 'saveCheckpoint');
}

/** Reads a checkpoint file without applying it. */
export async function readCheckpoint(path: string): Promise<DecodedCheckpoint> {
  const context = { op: 'loadCheckpoint', source: path };
  return decodeCheckpoint(await readWholeFile(path, context), context, true);
}

/**
 * Loads a checkpoint into `targets` (model, optimizer, scheduler, generators, loaders) and returns
 * epoch, step, metrics and extra. Missing/unexpected model keys throw unless `strict: false`.
 */
export async function loadCheckpoint(path: string, targets: RestoreTargets): Promise<RestoreResult> {
  return restoreCheckpoint(await readCheckpoint(path), targets, { op: 'loadCheckpoint', source: path });
}
