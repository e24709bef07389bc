import type { Module } from '@torchlet/nn';

/** Runs `fn` with every module in eval mode (what torch.onnx.export does by default), then restores each one's mode. */
export function inEvalMode<T>(model: Module, fn: () => T): T {
  const modes = [...model.modules()].map((module) => [module, module.training] as const);
  model.eval();
  try {
    return fn();
  } finally {
    for (const [module, training] of modes) module.training = training;
  }
}
