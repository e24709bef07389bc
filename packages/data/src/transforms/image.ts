import { tensor, type Tensor } from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError } from '@torchlet/tensor';

/**
 * An image as bytes, row by row with the channels of each pixel together (HWC): what a browser's
 * `ImageData` (4 channels, RGBA) and PNG decoders give. `channels` is 1 (grey), 3 (RGB) or 4
 * (RGBA); when left out it follows from the data's length.
 */
export interface PixelImage {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels?: 1 | 3 | 4;
}

function channelsOf(op: string, image: PixelImage): 1 | 3 | 4 {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ValueError(`${op}: width and height must be positive integers, got ${width} × ${height}`);
  }
  const channels = image.channels ?? data.length / (width * height);
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ShapeError(
      `${op}: expected 1, 3 or 4 channels, got ${channels} (${data.length} bytes for ${width} × ${height})`,
    );
  }
  if (data.length !== width * height * channels) {
    throw new ShapeError(
      `${op}: ${data.length} bytes do not make a ${width} × ${height} image of ${channels} channels`,
    );
  }
  return channels;
}

/**
 * Bytes to a float32 tensor [channels, height, width] in [0, 1] (torchvision's `ToTensor`): the
 * channel dim first, as convolutions read images, each byte divided by 255.
 */
export function toTensor(image: PixelImage): Tensor {
  const channels = channelsOf('toTensor', image);
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) for (let c = 0; c < channels; c++) out[c * plane + p] = data[p * channels + c]! / 255;
  return tensor(out).reshape([channels, height, width]);
}

/** (x − mean[c]) / std[c] for each channel c of [C, H, W] or [N, C, H, W] (torchvision's `Normalize`). */
export function normalize(image: Tensor, mean: readonly number[], std: readonly number[]): Tensor {
  if (image.ndim !== 3 && image.ndim !== 4) {
    throw new ShapeError(`normalize: expected [C, H, W] or [N, C, H, W], got ${formatShape(image.shape)}`);
  }
  const channels = image.shape[image.ndim - 3]!;
  if (mean.length !== channels || std.length !== channels) {
    throw new ShapeError(
      `normalize: ${channels} channels need ${channels} means and stds, got ${mean.length} and ${std.length}`,
    );
  }
  if (std.some((s) => !(s !== 0 && Number.isFinite(s))))
    throw new ValueError(`normalize: std must be non-zero, got [${std.join(', ')}]`);
  const shape = [channels, 1, 1];
  return image
    .sub(tensor(mean, { dtype: image.dtype }).reshape(shape))
    .div(tensor(std, { dtype: image.dtype }).reshape(shape));
}

/**
 * A [C, H, W] tensor with values in [0, 1] back to bytes for drawing (the reverse of `toTensor`):
 * HWC, rounded and clamped to 0..255. `channels: 4` adds an opaque alpha to grey or RGB (what a
 * canvas's ImageData wants); grey becomes RGB by repeating it.
 */
export function toPixels(
  image: Tensor,
  options: { channels?: 1 | 3 | 4 } = {},
): PixelImage & { data: Uint8ClampedArray } {
  if (image.ndim !== 3) throw new ShapeError(`toPixels: expected [C, H, W], got ${formatShape(image.shape)}`);
  const [from, height, width] = image.shape as [number, number, number];
  if (from !== 1 && from !== 3 && from !== 4)
    throw new ShapeError(`toPixels: expected 1, 3 or 4 channels, got ${from}`);
  const channels = options.channels ?? from;
  if (channels < from && !(channels === 3 && from === 4)) {
    throw new ValueError(`toPixels: cannot draw ${from} channels as ${channels}`);
  }
  const values = image.toTypedArray();
  const plane = width * height;
  const data = new Uint8ClampedArray(plane * channels);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < channels; c++) {
      // Grey fills every colour channel; a missing alpha is opaque.
      const source = c < from ? c : c === 3 ? -1 : from === 1 ? 0 : -1;
      data[p * channels + c] = source < 0 ? 255 : Math.round(values[source * plane + p]! * 255);
    }
  }
  return { data, width, height, channels };
}
