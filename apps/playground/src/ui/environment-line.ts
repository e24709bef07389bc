import type { Environment } from '../protocol/environment.js';

/** What the last worker to finish ran on, in the page footer (and as data attributes for the tests). */
export function showEnvironment(footer: HTMLElement, environment: Environment): void {
  footer.dataset['crossOriginIsolated'] = String(environment.crossOriginIsolated);
  footer.dataset['strided'] = environment.strided;
  footer.dataset['kernels'] = environment.kernels;
  const isolation = environment.crossOriginIsolated
    ? 'cross-origin isolated (SharedArrayBuffer available)'
    : 'not cross-origin isolated';
  const strided =
    environment.strided === 'plain'
      ? 'plain JavaScript strided loops (the page refuses eval)'
      : `strided loops: ${environment.strided}`;
  footer.textContent = `Workers: ${isolation} · ${strided} · WebAssembly kernels: ${environment.kernels}`;
}
