import { open, readdir, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkpointError } from '../errors.js';
import { tempFileOwner, tempPathFor } from './temp-file.js';

/**
 * Replaces the file at `path` with `bytes` so that, whatever happens (the process is killed, the
 * machine loses power), the path afterwards holds either the complete old file or the complete
 * new one, never a mix or a truncated file:
 * 1. write the bytes to a new temp file in the same directory (`.name.tmp-<pid>-<random>`);
 * 2. fsync it, so its data is on disk before it gets the real name;
 * 3. rename it over the target (atomic within one file system);
 * 4. fsync the directory, so the rename itself survives a power cut.
 * An existing target's permission bits are kept; a symlink target is followed and the file it
 * points to is replaced. On failure the temp file is removed and a `CheckpointError` naming the
 * path is thrown (with the file-system error as its `cause`). A temp file can only outlive its
 * writer if the process dies mid-write; `cleanStaleTempFiles` removes those.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await writeAtomically(path, bytes, 'writeFileAtomic');
}

/** `writeFileAtomic`, reporting errors as coming from `op`. */
export async function writeAtomically(path: string, bytes: Uint8Array, op: string): Promise<void> {
  const context = { op, source: path };
  const target = await resolveTarget(path);
  const temp = tempPathFor(target);
  let handle: FileHandle | undefined;
  try {
    const mode = await existingMode(target);
    handle = await open(temp, 'wx', mode ?? 0o666);
    if (mode !== undefined) await handle.chmod(mode); // open() applies the umask; keep the exact bits
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw checkpointError(context, `could not write the file (${describe(error)})`, undefined, error);
  }
  try {
    await syncDirectory(dirname(target));
  } catch (error) {
    throw checkpointError(
      context,
      `wrote the file but could not flush its directory to disk (${describe(error)}); a power cut now could undo the write`,
      undefined,
      error,
    );
  }
}

/**
 * Removes the temp files that `writeFileAtomic` left in `dir` when the process writing them was
 * killed. A temp file is stale when its writer, named by the pid in its name, is no longer
 * running; files of live processes (including this one, which may be mid-write) are left alone.
 * If the dead writer's pid has been reused by a new process, its file stays until that process
 * exits too: a leak at worst, never a deleted file in use. The rule assumes one machine: on a
 * directory shared between hosts a pid means nothing, so do not clean from another host.
 * Returns the paths removed; a missing `dir` has nothing to clean.
 */
export async function cleanStaleTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw checkpointError(
      { op: 'cleanStaleTempFiles', source: dir },
      `could not list the directory (${describe(error)})`,
      undefined,
      error,
    );
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempFileOwner(name);
    if (pid === undefined || pid === process.pid || isRunning(pid)) continue;
    const path = join(dir, name);
    try {
      await rm(path, { force: true });
      removed.push(path);
    } catch (error) {
      throw checkpointError(
        { op: 'cleanStaleTempFiles', source: path },
        `could not remove a stale temp file (${describe(error)})`,
        undefined,
        error,
      );
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM'; // exists, but belongs to another user
  }
}

/** The real file behind a symlink (so the link survives), or the absolute path if none exists yet. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** fsync a directory so a rename in it is durable. Windows cannot open directories; its rename is durable enough. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems do not support fsync on directories; there is nothing more to do there.
    if (errorCode(error) !== 'EINVAL' && errorCode(error) !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
