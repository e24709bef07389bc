import { decodeSafetensors, encodeSafetensors } from '@torchlet/checkpoint';
import { arange, tensor, type NDArray } from '@torchlet/tensor';
import empty from '../../../../packages/checkpoint/test/fixtures/reference/empty.safetensors?url';
import linear from '../../../../packages/checkpoint/test/fixtures/reference/linear.safetensors?url';
import metadata from '../../../../packages/checkpoint/test/fixtures/reference/metadata.safetensors?url';
import mixed from '../../../../packages/checkpoint/test/fixtures/reference/mixed.safetensors?url';

const GOLDEN = {
  'empty.safetensors': empty,
  'linear.safetensors': linear,
  'metadata.safetensors': metadata,
  'mixed.safetensors': mixed,
};

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The bytes of an array's elements (bits, so NaN and -0 count). */
function bytesOf(a: NDArray): Uint8Array {
  const values = a.contiguous().toTypedArray();
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * Files written by safetensors 0.8.0 from PyTorch (see packages/checkpoint/test/fixtures): read,
 * then written again, they come back byte for byte.
 */
export async function goldenFiles(): Promise<{ file: string; identical: boolean }[]> {
  const results = [];
  for (const [file, url] of Object.entries(GOLDEN)) {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const decoded = decodeSafetensors(bytes, { source: file });
    const again = encodeSafetensors(
      decoded.tensors,
      Object.keys(decoded.metadata).length > 0 ? decoded.metadata : undefined,
    );
    results.push({ file, identical: sameBytes(again, bytes) });
  }
  return results;
}

/** Every dtype, a 0-d tensor and a transposed view: decoded, each equals what was encoded. */
export function roundTrip(): boolean {
  const state: Record<string, NDArray> = {
    float32: tensor([[0.5, -1.25, 3]]),
    float64: tensor([Math.PI, -0, 1e-300], { dtype: 'float64' }),
    int32: tensor([-7, 0, 2 ** 31 - 1], { dtype: 'int32' }),
    bool: tensor([1, 0, 1], { dtype: 'bool' }),
    scalar: tensor(2.5),
    transposed: arange(6, undefined, 1, { dtype: 'float32' }).reshape([2, 3]).t(),
  };
  const { tensors, metadata: meta } = decodeSafetensors(encodeSafetensors(state, { epoch: '3' }));
  return (
    meta['epoch'] === '3' &&
    Object.entries(state).every(([name, want]) => {
      const got = tensors[name];
      return (
        got !== undefined &&
        got.dtype === want.dtype &&
        JSON.stringify(got.shape) === JSON.stringify(want.shape) &&
        sameBytes(bytesOf(got), bytesOf(want))
      );
    })
  );
}
