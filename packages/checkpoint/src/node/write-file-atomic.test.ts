import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CheckpointError } from '../errors.js';
import { tempFileOwner, tempPathFor } from './temp-file.js';
import { cleanStaleTempFiles, writeFileAtomic } from './write-file-atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('writeFileAtomic', () => {
  test('creates the file and leaves no temp file', async () => {
    const target = join(dir, 'model.safetensors');
    await writeFileAtomic(target, Uint8Array.of(1, 2, 3));
    expect([...(await readFile(target))]).toEqual([1, 2, 3]);
    expect(await readdir(dir)).toEqual(['model.safetensors']);
  });

  test('replaces an existing file, keeping its permission bits', async () => {
    const target = join(dir, 'model.safetensors');
    await writeFile(target, 'old contents that are longer than the new ones');
    await chmod(target, 0o640);
    await writeFileAtomic(target, Uint8Array.of(9));
    expect([...(await readFile(target))]).toEqual([9]);
    expect((await stat(target)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['model.safetensors']);
  });

  test('writes through a symlink, keeping the link', async () => {
    await mkdir(join(dir, 'real'));
    const real = join(dir, 'real', 'weights.bin');
    await writeFile(real, 'old');
    const link = join(dir, 'latest.bin');
    await symlink(real, link);
    await writeFileAtomic(link, Uint8Array.of(7, 7));
    expect([...(await readFile(real))]).toEqual([7, 7]);
    expect((await stat(link)).isFile()).toBe(true);
    expect(await readdir(join(dir, 'real'))).toEqual(['weights.bin']);
  });

  test('empty and large files', async () => {
    const target = join(dir, 'x');
    await writeFileAtomic(target, new Uint8Array(0));
    expect((await readFile(target)).length).toBe(0);
    const big = new Uint8Array(5_000_000).map((_, i) => i % 251);
    await writeFileAtomic(target, big);
    expect(Buffer.compare(await readFile(target), big)).toBe(0);
  });

  test('missing folders are created, however deep', async () => {
    const target = join(dir, 'runs', 'exp1', 'model.safetensors');
    await writeFileAtomic(target, Uint8Array.of(1));
    expect([...(await readFile(target))]).toEqual([1]);
    expect(await readdir(join(dir, 'runs', 'exp1'))).toEqual(['model.safetensors']);
  });

  test('a relative path is written relative to the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await writeFileAtomic('runs/model.safetensors', Uint8Array.of(4));
    } finally {
      process.chdir(cwd);
    }
    expect([...(await readFile(join(dir, 'runs', 'model.safetensors')))]).toEqual([4]);
  });

  test('a file where the folder should be: the error names that folder, never the temp file', async () => {
    await writeFile(join(dir, 'runs'), 'a file, not a folder');
    const target = join(dir, 'runs', 'exp1', 'model.safetensors');
    const error = await writeFileAtomic(target, Uint8Array.of(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).message).toBe(
      `writeFileAtomic: ${target}: could not create the folder ${join(dir, 'runs', 'exp1')}: a part of ${join(dir, 'runs')} is a file, not a folder (ENOTDIR)`,
    );
    expect((error as CheckpointError).source).toBe(target);
    expect((error as Error).cause).toBeDefined();
  });

  test('a failed rename (target is a directory) names the target and removes the temp file', async () => {
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'x');
    const error = await writeFileAtomic(target, Uint8Array.of(1)).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `writeFileAtomic: ${target}: could not write the file: ${target} is a directory (EISDIR)`,
    );
    expect(await readdir(dir)).toEqual(['taken']);
  });

  test('a folder without write permission: the error names the target and its folder', async (context) => {
    // Root writes through folder permissions, and Windows has none to take away: say so.
    if (process.platform === 'win32' || process.getuid?.() === 0) {
      context.skip('needs a non-root user on a POSIX system (root ignores folder permissions)');
    }
    const folder = join(dir, 'locked');
    await mkdir(folder);
    await chmod(folder, 0o500);
    const target = join(folder, 'model.safetensors');
    try {
      const error = await writeFileAtomic(target, Uint8Array.of(1)).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        `writeFileAtomic: ${target}: could not write the file: permission denied for ${target} in ${folder} (EACCES)`,
      );
      expect((error as Error).message).not.toContain('.tmp-');
    } finally {
      await chmod(folder, 0o700);
    }
  });

  test('concurrent writers to one path: the result is one complete version', async () => {
    const target = join(dir, 'race');
    const versions = Array.from({ length: 8 }, (_, v) => new Uint8Array(200_000 + v).fill(v));
    await Promise.all(versions.map((bytes) => writeFileAtomic(target, bytes)));
    const result = await readFile(target);
    expect(Buffer.compare(result, versions[result[0]!]!)).toBe(0);
    expect(await readdir(dir)).toEqual(['race']);
  });
});

describe('temp file names', () => {
  test('are hidden, next to the target, and carry the pid', () => {
    const temp = tempPathFor(join(dir, 'model.safetensors'));
    const name = temp.slice(dir.length + 1);
    expect(name).toMatch(new RegExp(`^\\.model\\.safetensors\\.tmp-${process.pid}-[0-9a-f]{12}$`));
    expect(tempFileOwner(name)).toBe(process.pid);
    expect(tempPathFor(join(dir, 'model.safetensors'))).not.toBe(temp);
  });

  test('long target names are shortened to stay under file-name limits', () => {
    const temp = tempPathFor(join(dir, 'é'.repeat(200)));
    expect(Buffer.byteLength(temp.slice(dir.length + 1))).toBeLessThan(255);
  });

  test.each([
    ['model.safetensors', undefined],
    ['.model.safetensors.tmp-12-abc', undefined],
    ['.model.safetensors.tmp-0-0123456789ab', undefined],
    ['.model.safetensors.tmp-12-0123456789ab', 12],
    ['.a.tmp-9-0123456789ab.tmp-77-0123456789ab', 77],
  ])('owner of %s', (name, pid) => {
    expect(tempFileOwner(name)).toBe(pid);
  });
});

describe('cleanStaleTempFiles', () => {
  test("removes dead writers' temp files and keeps live ones and other files", async () => {
    const dead = await deadPid();
    const names = {
      stale: `.model.safetensors.tmp-${dead}-0123456789ab`,
      staleOther: `.optimizer.safetensors.tmp-${dead}-abcdef012345`,
      mine: `.model.safetensors.tmp-${process.pid}-0123456789ab`,
      parent: `.model.safetensors.tmp-${process.ppid}-0123456789ab`,
      unrelated: 'model.safetensors',
      lookalike: '.model.safetensors.tmp-notapid',
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), 'x');
    const removed = await cleanStaleTempFiles(dir);
    expect(removed.sort()).toEqual([join(dir, names.stale), join(dir, names.staleOther)].sort());
    expect((await readdir(dir)).sort()).toEqual([names.mine, names.parent, names.unrelated, names.lookalike].sort());
  });

  test('a missing directory has nothing to clean', async () => {
    expect(await cleanStaleTempFiles(join(dir, 'nope'))).toEqual([]);
  });

  test('a file instead of a directory is a CheckpointError', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(cleanStaleTempFiles(join(dir, 'file'))).rejects.toThrow(
      /^cleanStaleTempFiles: .*file: could not list the directory/,
    );
  });
});
