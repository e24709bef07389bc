import * as fs from 'node:fs/promises';

/** The part of a Node `FileHandle` a checkpoint write uses. */
export interface WritableFile {
  chmod(mode: number): Promise<void>;
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file operations the Node side performs, and the identity of the writer. Everything that
 * writes goes through one of these, so a test can count the steps of a save and stop the world
 * at any one of them (`test/fixtures/crashing-file-system.ts`): a kill at every step, not at
 * random moments only.
 */
export interface FileSystem {
  /** The writer's process id, recorded in its temp-file names. */
  readonly pid: number;
  /** Whether the process that wrote a temp file is still running (and may still be writing). */
  isRunning(pid: number): boolean;
  open(path: string, flags: 'wx' | 'r', mode?: number): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** `mkdir -p`: returns the first directory it created, or undefined if all existed. */
  mkdir(path: string): Promise<string | undefined>;
  readFile(path: string): Promise<Uint8Array>;
  /** The first `length` bytes of a file (fewer if it is shorter), and the file's size. */
  readStart(path: string, length: number): Promise<{ bytes: Uint8Array; size: number }>;
  readdir(path: string): Promise<string[]>;
  realpath(path: string): Promise<string>;
  /** Permission bits and whether a file exists: `undefined` if it does not. */
  mode(path: string): Promise<number | undefined>;
}

export const nodeFileSystem: FileSystem = {
  pid: process.pid,
  isRunning(pid) {
    try {
      process.kill(pid, 0); // signal 0: only checks that the process exists
      return true;
    } catch (error) {
      return errorCode(error) === 'EPERM'; // exists, but belongs to another user
    }
  },
  open: (path, flags, mode) => fs.open(path, flags, mode),
  rename: (from, to) => fs.rename(from, to),
  unlink: (path) => fs.unlink(path),
  mkdir: (path) => fs.mkdir(path, { recursive: true }),
  readFile: async (path) => new Uint8Array(await fs.readFile(path)),
  async readStart(path, length) {
    const handle = await fs.open(path, 'r');
    try {
      const { size } = await handle.stat();
      const bytes = new Uint8Array(Math.min(length, size));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      return { bytes: bytes.subarray(0, bytesRead), size };
    } finally {
      await handle.close();
    }
  },
  readdir: (path) => fs.readdir(path),
  realpath: (path) => fs.realpath(path),
  async mode(path) {
    try {
      return (await fs.stat(path)).mode & 0o7777;
    } catch {
      return undefined;
    }
  },
};

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
