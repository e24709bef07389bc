import { dirname } from 'node:path';
import { errorCode } from './file-system.js';

/**
 * A file-system error in the words of the file the caller asked for. Node's message names the
 * path of the failing call, which for an atomic write is the hidden temp file
 * (`open '.../.model.safetensors.tmp-42-9f86d081884c'`); the user never asked for that file and
 * is left guessing, so the common causes are told by what they mean for `target` and its folder,
 * and any other message has the temp path replaced by the target. The original error stays the
 * `cause`.
 */
export function describeFileError(error: unknown, target: string, temp?: string): string {
  const code = errorCode(error);
  const folder = dirname(target);
  // From mkdir (no temp file involved): a file where a folder should be.
  if (code === 'EEXIST' && temp === undefined) return `${target} exists and is not a folder (EEXIST)`;
  switch (code) {
    case 'ENOENT':
      return `the folder ${folder} does not exist (ENOENT)`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied for ${target} in ${folder} (${code})`;
    case 'EISDIR':
      return `${target} is a directory (EISDIR)`;
    case 'ENOTDIR':
      return `a part of ${folder} is a file, not a folder (ENOTDIR)`;
    case 'ENOSPC':
      return `no space left on the device holding ${folder} (ENOSPC)`;
    case 'EDQUOT':
      return `disk quota exceeded on the device holding ${folder} (EDQUOT)`;
    case 'EROFS':
      return `the file system holding ${folder} is read-only (EROFS)`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return temp === undefined ? message : message.split(temp).join(target);
    }
  }
}
