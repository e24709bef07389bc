import { CheckpointError } from '../errors.js';

export const MANIFEST_FORMAT = 'torchlet.model-checkpoint/1';
export const MANIFEST = 'manifest.json';
export const EXTENSION = '.safetensors';
export const LAST_FILE = `last${EXTENSION}`;

/** One kept checkpoint as the manifest lists it. */
export interface CheckpointRecord {
  /** File name inside `dir`. */
  readonly file: string;
  readonly epoch: number;
  readonly step: number | null;
  readonly metrics: Readonly<Record<string, number>>;
  /** The monitored metric's value. */
  readonly score: number;
}

/** The policy's state, kept in `dir/manifest.json` (written atomically after the files). */
export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  /** Best first. */
  readonly best: readonly CheckpointRecord[];
  readonly last: CheckpointRecord | null;
  readonly periodic: readonly CheckpointRecord[];
  /** Files never evicted (the checkpoint a run resumed from). */
  readonly protected: readonly string[];
}

export function emptyManifest(monitor: string, mode: 'min' | 'max'): Manifest {
  return { format: MANIFEST_FORMAT, monitor, mode, best: [], last: null, periodic: [], protected: [] };
}

/** Every file the manifest keeps. */
export function manifestFiles(manifest: Manifest): Set<string> {
  return new Set([
    ...manifest.best.map((r) => r.file),
    ...manifest.periodic.map((r) => r.file),
    ...(manifest.last === null ? [] : [manifest.last.file]),
    ...manifest.protected,
  ]);
}

export function serializeManifest(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}

/** Parses `manifest.json`, refusing one kept for another `monitor` or `mode`. */
export function parseManifest(text: string, path: string, monitor: string, mode: 'min' | 'max'): Manifest {
  let parsed: Manifest;
  try {
    parsed = JSON.parse(text) as Manifest;
  } catch (cause) {
    throw new CheckpointError(`ModelCheckpoint: ${path}: the manifest is not valid JSON`, { source: path, cause });
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    parsed.format !== MANIFEST_FORMAT ||
    !Array.isArray(parsed.best) ||
    !Array.isArray(parsed.periodic) ||
    !(parsed.last === null || typeof parsed.last === 'object') ||
    !(parsed.protected === undefined || Array.isArray(parsed.protected))
  ) {
    throw new CheckpointError(`ModelCheckpoint: ${path}: not a ${MANIFEST_FORMAT} manifest`, { source: path });
  }
  if (parsed.monitor !== monitor || parsed.mode !== mode) {
    throw new CheckpointError(
      `ModelCheckpoint: ${path} tracks ${parsed.monitor} (${parsed.mode}), but this ModelCheckpoint monitors ${monitor} (${mode}); use another dir or the same settings`,
      { source: path },
    );
  }
  return { ...parsed, protected: parsed.protected ?? [] };
}
