import { TorchletError } from '@torchlet/autograd';

/** A state dict that does not fit a module (missing/unexpected keys, size mismatches). */
export class StateDictError extends TorchletError {
  override name = 'StateDictError';
}
