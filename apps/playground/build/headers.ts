/**
 * Cross-origin isolation: with these two headers on the page (and on its workers) a browser gives
 * the page SharedArrayBuffer and threads for WebAssembly. The playground works without them.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** The strict policy the playground is tested under: scripts from the page's origin, wasm compiled, no eval. */
export const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'";
