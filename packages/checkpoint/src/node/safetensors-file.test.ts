import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, zeros } from '@torchlet/tensor';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CheckpointError } from '../errors.js';
import { decodeSafetensors, encodeSafetensors } from '../safetensors.js';
import { fileWithHeader, float32Bytes } from '../safetensors.test-util.js';
import { loadSafetensors, saveSafetensors } from './safetensors-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'torchlet-safetensors-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveSafetensors / loadSafetensors', () => {
  test('round trip through a file, bytes identical to encodeSafetensors', async () => {
    const path = join(dir, 'model.safetensors');
    const tensors = {
      '0.weight': tensor([[0.5, -1.25]]),
      '0.bias': tensor([0.75]),
      steps: tensor([3], { dtype: 'int32' }),
    };
    await saveSafetensors(path, tensors, { epoch: '4' });
    expect(new Uint8Array(await readFile(path))).toEqual(encodeSafetensors(tensors, { epoch: '4' }));
    const loaded = await loadSafetensors(path);
    expect(loaded.metadata).toEqual({ epoch: '4' });
    expect(loaded.tensors['0.weight']!.toArray()).toEqual([[0.5, -1.25]]);
    expect(loaded.tensors['steps']!.dtype).toBe('int32');
  });

  test('aligned tensors view the freshly read buffer; they do not share it with anyone', async () => {
    const path = join(dir, 'a.safetensors');
    await saveSafetensors(path, { a: zeros([4], { dtype: 'float64' }), b: zeros([3]) });
    const { tensors } = await loadSafetensors(path);
    expect(tensors['a']!.storage.data.buffer).toBe(tensors['b']!.storage.data.buffer);
    tensors['a']!.set(5, 0);
    const again = await loadSafetensors(path);
    expect(again.tensors['a']!.get(0)).toBe(0);
  });

  test('misaligned tensors (an unpadded header) are copied', async () => {
    const path = join(dir, 'odd.safetensors');
    const bytes = fileWithHeader({ v: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, float32Bytes(1.5, -2));
    expect((8 + (bytes.length - 16)) % 4).not.toBe(0);
    await writeFile(path, bytes);
    const { tensors } = await loadSafetensors(path);
    expect(tensors['v']!.toArray()).toEqual([1.5, -2]);
    expect(tensors['v']!.storage.data.byteOffset % 4).toBe(0);
  });

  test('errors name the path', async () => {
    const missing = join(dir, 'missing.safetensors');
    await expect(loadSafetensors(missing)).rejects.toThrow(
      new RegExp(`^loadSafetensors: ${missing}: could not read the file \\(ENOENT`),
    );
    await expect(loadSafetensors(dir)).rejects.toThrow(new RegExp(`^loadSafetensors: ${dir}: not a regular file`));

    const short = join(dir, 'short.safetensors');
    await writeFile(short, 'abc');
    await expect(loadSafetensors(short)).rejects.toThrow(
      `loadSafetensors: ${short}: file is 3 bytes, shorter than the 8-byte header length`,
    );

    const bad = join(dir, 'bad.safetensors');
    await writeFile(bad, fileWithHeader({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, float32Bytes(1)));
    const error = await loadSafetensors(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).message).toBe(
      `loadSafetensors: ${bad}: tensor "w": shape [2] of dtype F32 needs more bytes than the whole data buffer holds (4)`,
    );

    await expect(saveSafetensors(join(dir, 'x.safetensors'), { __metadata__: zeros([1]) })).rejects.toThrow(
      new RegExp(`^saveSafetensors: ${dir}/x\\.safetensors: tensor "__metadata__": __metadata__ is reserved`),
    );
  });

  test('a file decodes the same through loadSafetensors and decodeSafetensors', async () => {
    const path = join(dir, 'same.safetensors');
    await saveSafetensors(path, { b: tensor([true, false]), x: tensor(2.5) });
    const fromFile = await loadSafetensors(path);
    const fromBytes = decodeSafetensors(new Uint8Array(await readFile(path)));
    expect(Object.keys(fromFile.tensors)).toEqual(Object.keys(fromBytes.tensors));
    expect(fromFile.tensors['x']!.shape).toEqual([]);
    expect(fromFile.tensors['x']!.item()).toBe(2.5);
  });
});

test('saveSafetensors creates missing folders (the README example in a new directory)', async () => {
  const path = join(dir, 'runs', 'exp1', 'model.safetensors');
  await saveSafetensors(path, { x: zeros([1]) });
  expect((await loadSafetensors(path)).tensors['x']!.toArray()).toEqual([0]);
});

test('write failures in saveSafetensors name the operation, the path and the real problem', async () => {
  await writeFile(join(dir, 'runs'), 'not a folder');
  const path = join(dir, 'runs', 'model.safetensors');
  await expect(saveSafetensors(path, { x: zeros([1]) })).rejects.toThrow(
    `saveSafetensors: ${path}: could not create the folder ${join(dir, 'runs')}: ${join(dir, 'runs')} exists and is not a folder (EEXIST)`,
  );
});
