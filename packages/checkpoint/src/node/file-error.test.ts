import { expect, test } from 'vitest';
import { describeFileError } from './file-error.js';

function fsError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: something failed, open '${path}'`), { code });
}

const target = '/runs/exp1/model.safetensors';
const temp = '/runs/exp1/.model.safetensors.tmp-42-0123456789ab';

test.each([
  ['ENOENT', 'the folder /runs/exp1 does not exist (ENOENT)'],
  ['EACCES', `permission denied for ${target} in /runs/exp1 (EACCES)`],
  ['EPERM', `permission denied for ${target} in /runs/exp1 (EPERM)`],
  ['EISDIR', `${target} is a directory (EISDIR)`],
  ['ENOTDIR', 'a part of /runs/exp1 is a file, not a folder (ENOTDIR)'],
  ['ENOSPC', 'no space left on the device holding /runs/exp1 (ENOSPC)'],
  ['EDQUOT', 'disk quota exceeded on the device holding /runs/exp1 (EDQUOT)'],
  ['EROFS', 'the file system holding /runs/exp1 is read-only (EROFS)'],
  ['EIO', `EIO: something failed, open '${target}'`],
])('%s is told in terms of the target, never the temp file', (code, message) => {
  expect(describeFileError(fsError(code, temp), target, temp)).toBe(message);
});

test('EEXIST from mkdir is a file in the way of the folder', () => {
  expect(describeFileError(fsError('EEXIST', '/runs/exp1'), '/runs/exp1')).toBe(
    '/runs/exp1 exists and is not a folder (EEXIST)',
  );
});
