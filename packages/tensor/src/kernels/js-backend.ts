import type { Backend } from './backend.js';
import { KERNELS, type KernelName, type Kernels } from './registry.js';

/** The plain JavaScript kernels: the reference every other backend is tested against. */
export const jsBackend: Backend & Kernels = {
  name: 'js',
  ...(Object.fromEntries(Object.entries(KERNELS).map(([name, kernel]) => [name, kernel.js])) as {
    [K in KernelName]: Kernels[K];
  }),
};
