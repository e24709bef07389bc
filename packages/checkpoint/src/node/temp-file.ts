import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

// `.model.safetensors.tmp-4242-9f86d081884c`: hidden, named after its target, and carrying the
// writer's pid so a later run can tell a live writer's file from one a killed run left behind.
const TEMP_NAME = /^\.(.+)\.tmp-(\d+)-[0-9a-f]{12}$/;
// File names are limited to 255 bytes on common file systems; keep room for the suffix.
const MAX_TARGET_PART = 64;

/** A fresh temp-file path next to `target`, for the writer `pid` (this process by default). */
export function tempPathFor(target: string, pid = process.pid): string {
  const name = basename(target);
  const short = [...name].length > MAX_TARGET_PART ? [...name].slice(0, MAX_TARGET_PART).join('') : name;
  return join(dirname(target), `.${short}.tmp-${pid}-${randomBytes(6).toString('hex')}`);
}

/** The pid of the process that created a temp file, or `undefined` if `name` is not one. */
export function tempFileOwner(name: string): number | undefined {
  const match = TEMP_NAME.exec(name);
  if (match === null) return undefined;
  const pid = Number(match[2]);
  // pid 0 and negative pids address process groups in kill(2); no writer has such a pid.
  return pid >= 1 && pid <= 0x7fffffff ? pid : undefined;
}
