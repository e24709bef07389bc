import { open } from 'node:fs/promises';
import { CheckpointError, checkpointError } from '../errors.js';
import { HEADER_LENGTH_BYTES } from '../header.js';
import { decodeWithContext, encodeWithContext, type DecodedSafetensors } from '../safetensors.js';
import type { TensorSource } from '../tensor-source.js';
import { writeAtomically } from './write-file-atomic.js';

// Node reads at most 2 GiB per call.
const MAX_READ_CHUNK = 0x7fff_f000;

/**
 * Writes `tensors` (and optional metadata) to a safetensors file at `path` as `writeFileAtomic`
 * does: a crash leaves the previous file or the new one, never a torn one.
 */
export async function saveSafetensors(
  path: string,
  tensors: Readonly<Record<string, TensorSource>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  const bytes = encodeWithContext(tensors, metadata, { op: 'saveSafetensors', source: path });
  await writeAtomically(path, bytes, 'saveSafetensors');
}

/**
 * Reads a safetensors file. The file's size is checked before anything is allocated; the whole
 * file is then read into one buffer of exactly that size, validated as `decodeSafetensors` does,
 * and tensors whose offsets are aligned view that buffer (it belongs to no one else), so loading
 * needs about the file's size in memory. Errors are `CheckpointError`s naming `path`.
 */
export async function loadSafetensors(path: string): Promise<DecodedSafetensors> {
  const context = { op: 'loadSafetensors', source: path };
  return decodeWithContext(await readWholeFile(path, context), true, context);
}

/** Reads a file into one fresh buffer of exactly its size, after checking that size. */
export async function readWholeFile(path: string, context: { op: string; source: string }): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw checkpointError(context, 'not a regular file');
      if (info.size < HEADER_LENGTH_BYTES) {
        throw checkpointError(
          context,
          `file is ${info.size} bytes, shorter than the 8-byte header length that starts every safetensors file`,
        );
      }
      bytes = allocate(info.size, context);
      let filled = 0;
      while (filled < bytes.length) {
        const length = Math.min(bytes.length - filled, MAX_READ_CHUNK);
        const { bytesRead } = await handle.read(bytes, filled, length, filled);
        if (bytesRead === 0) {
          throw checkpointError(
            context,
            `file shrank while being read (expected ${bytes.length} bytes, got ${filled})`,
          );
        }
        filled += bytesRead;
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw checkpointError(context, `could not read the file (${reason})`, undefined, error);
  }
  return bytes;
}

function allocate(size: number, context: { op: string; source: string }): Uint8Array {
  try {
    return new Uint8Array(size);
  } catch (error) {
    throw checkpointError(context, `file is ${size} bytes, too large to load into memory`, undefined, error);
  }
}
