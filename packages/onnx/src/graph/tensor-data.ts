import type { NDArray } from '@torchlet/tensor';

/** ONNX's element types used here: torchlet's dtypes, and int64 for shapes and axes. */
export type OnnxType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

export const ONNX_TYPE_CODES: Readonly<Record<OnnxType, number>> = {
  float32: 1,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
};

/** A constant as an initializer holds it: element type, shape, and its bytes little-endian (ONNX's raw_data). */
export interface TensorData {
  readonly type: OnnxType;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array<ArrayBuffer>;
}

const BYTES: Readonly<Record<OnnxType, number>> = { float32: 4, float64: 8, int32: 4, int64: 8, bool: 1 };

/** Writes element `i` of `values` at its place: little-endian whatever the machine (DataView, not a typed-array view). */
function encode(type: OnnxType, values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const size = BYTES[type];
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (type === 'float32') view.setFloat32(i * size, v, true);
    else if (type === 'float64') view.setFloat64(i * size, v, true);
    else if (type === 'int32') view.setInt32(i * size, v, true);
    else if (type === 'int64') view.setBigInt64(i * size, BigInt(v), true);
    else view.setUint8(i, v === 0 ? 0 : 1);
  }
  return bytes;
}

/** An NDArray's values in row-major order (any strides), as ONNX keeps them. */
export function tensorData(array: NDArray): TensorData {
  return { type: array.dtype, shape: array.shape, bytes: encode(array.dtype, array.toTypedArray()) };
}

/** Values of a given ONNX type (int64 for shapes and axes, which torchlet's dtypes do not have). */
export function valuesData(
  type: OnnxType,
  values: readonly number[],
  shape: readonly number[] = [values.length],
): TensorData {
  return { type, shape, bytes: encode(type, values) };
}
