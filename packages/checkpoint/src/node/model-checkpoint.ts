import { mkdir, readFile, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type CheckpointContents, encodeCheckpoint, type RestoreResult, type RestoreTargets } from '../checkpoint.js';
import { CheckpointError } from '../errors.js';
import { loadCheckpoint } from './checkpoint-file.js';
import { fillTemplate } from './filename-template.js';
import { cleanStaleTempFiles, writeAtomically } from './write-file-atomic.js';

export interface ModelCheckpointOptions {
  /** Directory of the checkpoints and of `manifest.json`. */
  dir: string;
  /** The metric that ranks checkpoints (default `valLoss`). */
  monitor?: string;
  /** Whether lower (`min`, default) or higher (`max`) scores are better. */
  mode?: 'min' | 'max';
  /** An improvement must exceed this to count (default 0). */
  minDelta?: number;
  /** How many best checkpoints to keep (default 1; -1 keeps all, 0 none). */
  saveTopK?: number;
  /** Also keep the latest epoch as `last.safetensors` (default true). */
  saveLast?: boolean;
  /** Also keep every N-th epoch (epoch % N === 0) for good (default 0: off). */
  everyNEpochs?: number;
  /** Template of best-k file names (default `epoch={epoch}-<monitor>={<monitor>:.4f}`). */
  filename?: string;
  /** Template of periodic file names (default `periodic-epoch={epoch}`). */
  periodicFilename?: string;
}

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

export interface UpdateInput extends CheckpointContents {
  epoch: number;
  metrics: Readonly<Record<string, number>>;
}

export interface UpdateResult {
  /** Files written this epoch, by role. */
  readonly saved: readonly { kind: 'best' | 'last' | 'periodic'; path: string }[];
  /** Whether this epoch is the new best. */
  readonly isBest: boolean;
  /** Files deleted because better ones replaced them. */
  readonly evicted: readonly string[];
}

const MANIFEST_FORMAT = 'torchlet.model-checkpoint/1';
const MANIFEST = 'manifest.json';
const EXTENSION = '.safetensors';

/**
 * The tutorial's checkpoint policy, called once per epoch from a plain training loop: keep the
 * best `saveTopK` checkpoints by a validation metric, the last epoch's, and every N-th epoch's.
 * Every file and the manifest are written atomically, files before the manifest and deletions
 * after it, so a crash at any moment leaves a manifest whose files all exist and load.
 */
export class ModelCheckpoint {
  readonly dir: string;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly saveTopK: number;
  readonly saveLast: boolean;
  readonly everyNEpochs: number;
  readonly filename: string;
  readonly periodicFilename: string;
  private manifest: Manifest;
  private opened = false;

  constructor(options: ModelCheckpointOptions) {
    this.dir = options.dir;
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = options.mode ?? 'min';
    this.minDelta = options.minDelta ?? 0;
    this.saveTopK = options.saveTopK ?? 1;
    this.saveLast = options.saveLast ?? true;
    this.everyNEpochs = options.everyNEpochs ?? 0;
    this.filename = options.filename ?? `epoch={epoch}-${this.monitor}={${this.monitor}:.4f}`;
    this.periodicFilename = options.periodicFilename ?? 'periodic-epoch={epoch}';
    if (this.mode !== 'min' && this.mode !== 'max')
      throw new CheckpointError(`ModelCheckpoint: mode must be 'min' or 'max', got ${String(this.mode)}`);
    if (!(this.minDelta >= 0))
      throw new CheckpointError(`ModelCheckpoint: minDelta must be >= 0, got ${this.minDelta}`);
    if (!Number.isInteger(this.saveTopK) || this.saveTopK < -1)
      throw new CheckpointError(`ModelCheckpoint: saveTopK must be -1, 0 or a positive integer, got ${this.saveTopK}`);
    if (!Number.isInteger(this.everyNEpochs) || this.everyNEpochs < 0)
      throw new CheckpointError(
        `ModelCheckpoint: everyNEpochs must be a non-negative integer, got ${this.everyNEpochs}`,
      );
    this.manifest = {
      format: MANIFEST_FORMAT,
      monitor: this.monitor,
      mode: this.mode,
      best: [],
      last: null,
      periodic: [],
      protected: [],
    };
  }

  /** Path of the best checkpoint so far, or null. */
  get bestPath(): string | null {
    const best = this.manifest.best[0];
    return best === undefined ? null : join(this.dir, best.file);
  }

  /** The monitored metric of the best checkpoint, or null. */
  get bestScore(): number | null {
    return this.manifest.best[0]?.score ?? null;
  }

  get lastPath(): string | null {
    return this.manifest.last === null ? null : join(this.dir, this.manifest.last.file);
  }

  /** The policy's state as in `manifest.json`. */
  get state(): Manifest {
    return this.manifest;
  }

  /**
   * Reads `manifest.json` if the directory has one (a resumed run then keeps tracking the same
   * best) and removes temp files a killed run left behind. `update` and `resume` call it.
   */
  async open(): Promise<void> {
    if (this.opened) return;
    await mkdir(this.dir, { recursive: true });
    await cleanStaleTempFiles(this.dir);
    const manifestPath = join(this.dir, MANIFEST);
    let text: string | null = null;
    try {
      text = await readFile(manifestPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== null) this.manifest = this.parseManifest(text, manifestPath);
    this.opened = true;
  }

  /**
   * Loads the last checkpoint (or the best, or a given file) into `targets` and protects that
   * file from eviction. Returns null when the directory holds no checkpoint yet.
   */
  async resume(
    targets: RestoreTargets,
    options: { from?: 'last' | 'best' | string } = {},
  ): Promise<RestoreResult | null> {
    await this.open();
    const from = options.from ?? 'last';
    const path = from === 'last' ? (this.lastPath ?? this.bestPath) : from === 'best' ? this.bestPath : from;
    if (path === null) return null;
    const result = await loadCheckpoint(path, targets);
    const file = basename(path);
    if (!this.manifest.protected.includes(file)) {
      this.manifest = { ...this.manifest, protected: [...this.manifest.protected, file] };
      await this.writeManifest();
    }
    return result;
  }

  /** Saves what this epoch calls for and evicts what it displaces. */
  async update(input: UpdateInput): Promise<UpdateResult> {
    await this.open();
    const score = input.metrics[this.monitor];
    if (score === undefined) {
      throw new CheckpointError(
        `ModelCheckpoint: the monitored metric "${this.monitor}" is missing from update()'s metrics (got: ${Object.keys(input.metrics).join(', ') || 'none'}); pass it, or set 'monitor' to one of them`,
      );
    }
    const record: CheckpointRecord = {
      file: '',
      epoch: input.epoch,
      step: input.step ?? null,
      metrics: { ...input.metrics },
      score,
    };
    const names = { epoch: input.epoch, ...(input.step === undefined ? {} : { step: input.step }), ...input.metrics };
    const best = this.manifest.best;
    const isBest = !Number.isNaN(score) && (best.length === 0 || this.improves(score, best[0]!.score));
    const entersTopK =
      this.saveTopK !== 0 &&
      !Number.isNaN(score) &&
      (this.saveTopK === -1 || best.length < this.saveTopK || this.improves(score, best[best.length - 1]!.score));
    const periodic = this.everyNEpochs > 0 && input.epoch % this.everyNEpochs === 0;

    const writes: { kind: 'best' | 'last' | 'periodic'; file: string }[] = [];
    if (entersTopK) writes.push({ kind: 'best', file: fillTemplate(this.filename, names) + EXTENSION });
    if (periodic) writes.push({ kind: 'periodic', file: fillTemplate(this.periodicFilename, names) + EXTENSION });
    if (this.saveLast) writes.push({ kind: 'last', file: `last${EXTENSION}` });
    if (writes.length === 0) return { saved: [], isBest, evicted: [] };

    const bytes = encodeCheckpoint(input, { op: 'ModelCheckpoint.update', source: this.dir });
    for (const { file } of writes) await writeAtomically(join(this.dir, file), bytes, 'ModelCheckpoint.update');

    let nextBest = best.filter((r) => !writes.some((w) => w.kind === 'best' && w.file === r.file));
    const written = (kind: string) => writes.find((w) => w.kind === kind)?.file;
    const bestFile = written('best');
    if (bestFile !== undefined)
      nextBest = [...nextBest, { ...record, file: bestFile }].sort((a, b) => this.compare(a.score, b.score));
    const evicted: string[] = [];
    if (this.saveTopK !== -1) {
      const keep = nextBest.slice(0, this.saveTopK);
      for (const r of nextBest.slice(this.saveTopK)) {
        if (this.manifest.protected.includes(r.file)) keep.push(r);
        else evicted.push(r.file);
      }
      nextBest = keep;
    }
    const periodicFile = written('periodic');
    const lastFile = written('last');
    this.manifest = {
      ...this.manifest,
      best: nextBest,
      last: lastFile === undefined ? this.manifest.last : { ...record, file: lastFile },
      periodic:
        periodicFile === undefined
          ? this.manifest.periodic
          : [...this.manifest.periodic.filter((r) => r.file !== periodicFile), { ...record, file: periodicFile }],
    };
    await this.writeManifest();
    const stillUsed = new Set(this.allFiles());
    const deleted = evicted.filter((file) => !stillUsed.has(file));
    for (const file of deleted) await unlink(join(this.dir, file)).catch(ignoreMissing);
    return {
      saved: writes.map(({ kind, file }) => ({ kind, path: join(this.dir, file) })),
      isBest,
      evicted: deleted.map((file) => join(this.dir, file)),
    };
  }

  private allFiles(): string[] {
    const m = this.manifest;
    return [
      ...m.best.map((r) => r.file),
      ...m.periodic.map((r) => r.file),
      ...(m.last ? [m.last.file] : []),
      ...m.protected,
    ];
  }

  /** Negative when `a` ranks before `b`. */
  private compare(a: number, b: number): number {
    return this.mode === 'min' ? a - b : b - a;
  }

  /** `score` beats `reference` by more than minDelta. */
  private improves(score: number, reference: number): boolean {
    return this.mode === 'min' ? score < reference - this.minDelta : score > reference + this.minDelta;
  }

  private async writeManifest(): Promise<void> {
    const text = `${JSON.stringify(this.manifest, null, 2)}\n`;
    await writeAtomically(join(this.dir, MANIFEST), new TextEncoder().encode(text), 'ModelCheckpoint');
  }

  private parseManifest(text: string, path: string): Manifest {
    let parsed: Manifest;
    try {
      parsed = JSON.parse(text) as Manifest;
    } catch (cause) {
      throw new CheckpointError(`ModelCheckpoint: ${path}: the manifest is not valid JSON`, { source: path, cause });
    }
    if (parsed.format !== MANIFEST_FORMAT || !Array.isArray(parsed.best) || !Array.isArray(parsed.periodic)) {
      throw new CheckpointError(`ModelCheckpoint: ${path}: not a ${MANIFEST_FORMAT} manifest`, { source: path });
    }
    if (parsed.monitor !== this.monitor || parsed.mode !== this.mode) {
      throw new CheckpointError(
        `ModelCheckpoint: ${path} tracks ${parsed.monitor} (${parsed.mode}), but this ModelCheckpoint monitors ${this.monitor} (${this.mode}); use another dir or the same settings`,
        { source: path },
      );
    }
    return { ...parsed, protected: parsed.protected ?? [] };
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
