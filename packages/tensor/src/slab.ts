/**
 * Small typed arrays carved out of shared, zero-filled slabs. V8 keeps typed arrays of up to 64
 * bytes on the JS heap, but a larger one gets its own malloc'd backing store, tracked and freed
 * by the garbage collector: measured here, `new Float32Array(20)` costs ~700 ns while a view
 * into an existing ArrayBuffer costs ~30 ns. A training step makes dozens of such arrays.
 *
 * Each slab region is handed out once (bump allocation, never reused), so every array starts
 * zeroed and no two arrays alias. A slab is freed when the last array viewing it is garbage;
 * a long-lived small array therefore keeps at most one slab (16 KiB) alive.
 */
const SLAB_BYTES = 16 * 1024;
/** Arrays up to this many bytes come from slabs; larger ones are allocated on their own. */
export const SLAB_MAX_BYTES = 1024;

/** The current slab: read it after `slabOffset`, which may replace it (an ES live binding). */
export let slab = new ArrayBuffer(0);
/** As if the empty slab were full, so the first region makes a real one. */
let used = SLAB_BYTES;

/**
 * The offset in `slab` of a zeroed region of `bytes` (at most SLAB_MAX_BYTES), 8-byte aligned.
 * (An offset rather than a {buffer, offset} pair: no object per array.)
 */
export function slabOffset(bytes: number): number {
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const byteOffset = used;
  used += (bytes + 7) & ~7;
  return byteOffset;
}
