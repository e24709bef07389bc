import type { Tensor } from '@torchlet/autograd';
import { writeFileAtomic } from '@torchlet/checkpoint/node';
import type { Module } from '@torchlet/nn';
import { exportOnnx } from '../export-onnx.js';
import type { ExportOptions } from '../options.js';

/**
 * `exportOnnx` to a file (PyTorch's `torch.onnx.export(model, args, "model.onnx")`): written
 * atomically by @torchlet/checkpoint's writeFileAtomic, so `path` holds the old file or the
 * complete new one, never a partial model (its folder is created if needed). Resolves once the
 * file is on disk.
 */
export async function saveOnnx(
  path: string,
  model: Module,
  inputs: Tensor | readonly Tensor[],
  options: ExportOptions = {},
): Promise<void> {
  await writeFileAtomic(path, exportOnnx(model, inputs, options));
}
