/**
 * Whether typed arrays on this machine store numbers little-endian, as safetensors does. Every
 * current JS engine on common hardware is; the big-endian paths exist so that a port to such a
 * machine reads and writes correct files rather than byte-swapped ones.
 */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
