import { TorchletError } from '@torchlet/tensor';

export interface CheckpointErrorOptions {
  /** The file (or label) being read or written, when there is one. */
  readonly source?: string | undefined;
  /** The tensor the problem is about, when there is one. */
  readonly tensor?: string | undefined;
  readonly cause?: unknown;
}

/**
 * A checkpoint or safetensors file that cannot be written or trusted. The message names the
 * operation, the file, the tensor and the problem; `source` and `tensor` carry the same names for
 * code that wants to react to them (a loader that reports every bad tensor, say).
 */
export class CheckpointError extends TorchletError {
  override name = 'CheckpointError';
  readonly source: string | undefined;
  readonly tensor: string | undefined;

  constructor(message: string, options: CheckpointErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.source = options.source;
    this.tensor = options.tensor;
  }
}

/** Where an error happened: the public operation and the file it was working on. */
export interface ErrorContext {
  readonly op: string;
  readonly source?: string | undefined;
}

/** `op: file: tensor "name": problem`, leaving out the parts that are not known. */
export function checkpointError(
  context: ErrorContext,
  problem: string,
  tensor?: string,
  cause?: unknown,
): CheckpointError {
  const where = [context.op];
  if (context.source !== undefined) where.push(context.source);
  if (tensor !== undefined) where.push(`tensor ${JSON.stringify(tensor)}`);
  return new CheckpointError(`${where.join(': ')}: ${problem}`, { source: context.source, tensor, cause });
}
