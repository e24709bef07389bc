import { dirname, join, resolve } from 'node:path';
import { checkpointError, type ErrorContext } from '../errors.js';
import { describeFileError } from './file-error.js';
import { errorCode, nodeFileSystem, type FileSystem, type WritableFile } from './file-system.js';
import { tempFileOwner, tempPathFor } from './temp-file.js';

/**
 * Replaces the file at `path` with `bytes` so that, whatever happens (the process is killed, the
 * machine loses power), the path afterwards holds either the complete old file or the complete
 * new one, never a mix or a truncated file:
 * 1. create the folder (and its parents) if it does not exist yet;
 * 2. write the bytes to a new temp file in the same directory (`.name.tmp-<pid>-<random>`);
 * 3. fsync it, so its data is on disk before it gets the real name;
 * 4. rename it over the target (atomic within one file system);
 * 5. fsync the directory, so the rename itself survives a power cut.
 * An existing target's permission bits are kept; a symlink target is followed and the file it
 * points to is replaced. On failure the temp file is removed and a `CheckpointError` naming the
 * path (and the folder, when that is the problem) is thrown, with the file-system error as its
 * `cause`. A temp file can only outlive its writer if the process dies mid-write;
 * `cleanStaleTempFiles` removes those.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await writeAtomically(path, bytes, 'writeFileAtomic');
}

/** `writeFileAtomic`, reporting errors as coming from `op`, through the file system `fs`. */
export async function writeAtomically(
  path: string,
  bytes: Uint8Array,
  op: string,
  fs: FileSystem = nodeFileSystem,
): Promise<void> {
  const context = { op, source: path };
  const target = await resolveTarget(path, fs);
  const folder = dirname(target);
  await createFolder(folder, context, fs);
  const temp = tempPathFor(target, fs.pid);
  let handle: WritableFile | undefined;
  try {
    const mode = await fs.mode(target);
    handle = await fs.open(temp, 'wx', mode ?? 0o666);
    if (mode !== undefined) await handle.chmod(mode); // open() applies the umask; keep the exact bits
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw checkpointError(
      context,
      `could not write the file: ${describeFileError(error, target, temp)}`,
      undefined,
      error,
    );
  }
  try {
    await syncDirectory(folder, fs);
  } catch (error) {
    throw checkpointError(
      context,
      `wrote the file but could not flush its folder ${folder} to disk (${describeFileError(error, folder)}); a power cut now could undo the write`,
      undefined,
      error,
    );
  }
}

/**
 * `mkdir -p` of the target's folder. A new folder's entry is durable only once its parent is
 * flushed, so the parent of each folder created is.
 */
async function createFolder(folder: string, context: ErrorContext, fs: FileSystem): Promise<void> {
  let created: string | undefined;
  try {
    created = await fs.mkdir(folder);
    if (created === undefined) return;
    for (let dir = folder; dirname(dir) !== dir; dir = dirname(dir)) {
      await syncDirectory(dirname(dir), fs);
      if (dir === created) break;
    }
  } catch (error) {
    throw checkpointError(
      context,
      `could not create the folder ${folder}: ${describeFileError(error, folder)}`,
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
export async function cleanStaleTempFiles(dir: string, fs: FileSystem = nodeFileSystem): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw checkpointError(
      { op: 'cleanStaleTempFiles', source: dir },
      `could not list the directory (${describeFileError(error, dir)})`,
      undefined,
      error,
    );
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempFileOwner(name);
    if (pid === undefined || pid === fs.pid || fs.isRunning(pid)) continue;
    const path = join(dir, name);
    try {
      await fs.unlink(path);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue; // another cleaner was first
      throw checkpointError(
        { op: 'cleanStaleTempFiles', source: path },
        `could not remove a stale temp file (${describeFileError(error, path)})`,
        undefined,
        error,
      );
    }
    removed.push(path);
  }
  return removed;
}

/** The real file behind a symlink (so the link survives), or the absolute path if none exists yet. */
async function resolveTarget(path: string, fs: FileSystem): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    return resolve(path);
  }
}

/** fsync a directory so a rename in it is durable. Windows cannot open directories; its rename is durable enough. */
export async function syncDirectory(dir: string, fs: FileSystem): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems do not support fsync on directories; there is nothing more to do there.
    if (errorCode(error) !== 'EINVAL' && errorCode(error) !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}
