import { TorchletError } from '@torchlet/tensor';

/** Misuse of the autograd graph: backward on a freed graph, in-place writes it cannot allow, ... */
export class AutogradError extends TorchletError {
  override name = 'AutogradError';
}
