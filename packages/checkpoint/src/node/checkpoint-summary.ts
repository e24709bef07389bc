import { summarizeCheckpoint, type CheckpointSummary } from '../checkpoint.js';
import { CheckpointError, checkpointError } from '../errors.js';
import { HEADER_LENGTH_BYTES, MAX_HEADER_LENGTH, readSafetensorsHeader } from '../header.js';
import { describeFileError } from './file-error.js';
import { errorCode, type FileSystem } from './file-system.js';

/**
 * Epoch, step and metrics of the checkpoint at `path`, from its header only (a model's weights
 * are not read), or `undefined` when the file is missing or is not a valid torchlet checkpoint.
 */
export async function readCheckpointSummary(path: string, fs: FileSystem): Promise<CheckpointSummary | undefined> {
  const context = { op: 'ModelCheckpoint', source: path };
  try {
    const prefix = await fs.readStart(path, HEADER_LENGTH_BYTES);
    if (prefix.bytes.length < HEADER_LENGTH_BYTES) return undefined;
    const view = new DataView(prefix.bytes.buffer, prefix.bytes.byteOffset, HEADER_LENGTH_BYTES);
    const headerLength = view.getBigUint64(0, true);
    if (headerLength > BigInt(MAX_HEADER_LENGTH)) return undefined;
    const { bytes, size } = await fs.readStart(path, HEADER_LENGTH_BYTES + Number(headerLength));
    const header = readSafetensorsHeader(bytes, { fileSize: size, source: path });
    return summarizeCheckpoint(header.metadata, context);
  } catch (error) {
    if (error instanceof CheckpointError) return undefined;
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw checkpointError(context, `could not read the file (${describeFileError(error, path)})`, undefined, error);
  }
}
