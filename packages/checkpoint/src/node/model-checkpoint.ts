import { basename, join } from 'node:path';
import {
  type CheckpointContents,
  type CheckpointSummary,
  encodeCheckpoint,
  type RestoreResult,
  type RestoreTargets,
} from '../checkpoint.js';
import { CheckpointError, checkpointError } from '../errors.js';
import { loadCheckpoint } from './checkpoint-file.js';
import { readCheckpointSummary } from './checkpoint-summary.js';
import { describeFileError } from './file-error.js';
import { checkTemplate, fillTemplate } from './filename-template.js';
import { errorCode, nodeFileSystem, type FileSystem } from './file-system.js';
import {
  emptyManifest,
  EXTENSION,
  LAST_FILE,
  MANIFEST,
  manifestFiles,
  parseManifest,
  serializeManifest,
  type CheckpointRecord,
  type Manifest,
} from './manifest.js';
import { recoverManifest, type RecoveryPolicy } from './recover-manifest.js';
import { cleanStaleTempFiles, writeAtomically } from './write-file-atomic.js';

export type { CheckpointRecord, Manifest } from './manifest.js';

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

/**
 * The tutorial's checkpoint policy, called once per epoch from a plain training loop: keep the
 * best `saveTopK` checkpoints by a validation metric, the last epoch's, and every N-th epoch's.
 * Every file and the manifest are written atomically, in an order that lets `open()` rebuild what
 * a crash kept the manifest from recording: an epoch's best and periodic files, then `last`, then
 * the manifest, then the deletions of displaced files.
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
  private readonly fs: FileSystem;

  /**
   * @param fileSystem Where files are read and written: Node's file system. Tests pass one that
   *   counts the steps of a save and simulates a crash at any of them.
   */
  constructor(options: ModelCheckpointOptions, fileSystem: FileSystem = nodeFileSystem) {
    if (typeof options?.dir !== 'string' || options.dir === '') {
      throw new CheckpointError(`ModelCheckpoint: dir must be a non-empty path, got ${String(options?.dir)}`);
    }
    this.dir = options.dir;
    this.fs = fileSystem;
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = options.mode ?? 'min';
    this.minDelta = options.minDelta ?? 0;
    this.saveTopK = options.saveTopK ?? 1;
    this.saveLast = options.saveLast ?? true;
    this.everyNEpochs = options.everyNEpochs ?? 0;
    this.filename = checkTemplate(
      options.filename ?? `epoch={epoch}-${this.monitor}={${this.monitor}:.4f}`,
      'filename',
      this.dir,
    );
    this.periodicFilename = checkTemplate(
      options.periodicFilename ?? 'periodic-epoch={epoch}',
      'periodicFilename',
      this.dir,
    );
    for (const [option, template] of [
      ['filename', this.filename],
      ['periodicFilename', this.periodicFilename],
    ] as const) {
      if (`${template}${EXTENSION}` === LAST_FILE) {
        throw new CheckpointError(
          `ModelCheckpoint: the ${option} template "${template}" names the file the last epoch is kept in (${LAST_FILE}) in dir ${JSON.stringify(this.dir)}; choose another name`,
          { source: this.dir },
        );
      }
    }
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
    if (typeof this.saveLast !== 'boolean')
      throw new CheckpointError(`ModelCheckpoint: saveLast must be a boolean, got ${String(this.saveLast)}`);
    this.manifest = emptyManifest(this.monitor, this.mode);
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
   * best), removes temp files a killed run left behind, and brings the manifest up to date with
   * the checkpoint files present (see `recoverManifest`): a run killed between writing an
   * epoch's files and committing its manifest loses neither that epoch's best nor leaves files
   * behind for good. `update` and `resume` call it. A directory that does not exist is not
   * created (nothing is written until there is something to keep).
   */
  async open(): Promise<void> {
    if (this.opened) return;
    await cleanStaleTempFiles(this.dir, this.fs);
    const manifestPath = join(this.dir, MANIFEST);
    let text: string | null = null;
    try {
      text = new TextDecoder().decode(await this.fs.readFile(manifestPath));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') {
        throw checkpointError(
          { op: 'ModelCheckpoint', source: manifestPath },
          `could not read the manifest (${describeFileError(error, manifestPath)})`,
          undefined,
          error,
        );
      }
    }
    const manifest = text === null ? this.manifest : parseManifest(text, manifestPath, this.monitor, this.mode);
    const recovery = recoverManifest(manifest, await this.unrecordedFiles(manifest), this.recoveryPolicy());
    this.manifest = recovery.manifest;
    if (recovery.changed) {
      await this.writeManifest();
      const kept = manifestFiles(this.manifest);
      await this.remove(recovery.remove.filter((file) => !kept.has(file)));
    }
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
    const names = valuesOf(input);
    const best = this.manifest.best;
    const isBest = !Number.isNaN(score) && (best.length === 0 || this.improves(score, best[0]!.score));
    const entersTopK =
      this.saveTopK !== 0 &&
      !Number.isNaN(score) &&
      (this.saveTopK === -1 || best.length < this.saveTopK || this.improves(score, best[best.length - 1]!.score));
    const periodic = this.everyNEpochs > 0 && input.epoch % this.everyNEpochs === 0;

    // `last` is written last: once it holds this epoch, every other file of the epoch is complete,
    // which is what lets open() recover an epoch whose manifest was never committed.
    const writes: { kind: 'best' | 'last' | 'periodic'; file: string }[] = [];
    if (entersTopK) writes.push({ kind: 'best', file: this.fileName(this.filename, names) });
    if (periodic) writes.push({ kind: 'periodic', file: this.fileName(this.periodicFilename, names) });
    if (this.saveLast) writes.push({ kind: 'last', file: LAST_FILE });
    if (writes.length === 0) return { saved: [], isBest, evicted: [] };

    const bytes = encodeCheckpoint(input, { op: 'ModelCheckpoint.update', source: this.dir });
    for (const { file } of writes) {
      await writeAtomically(join(this.dir, file), bytes, 'ModelCheckpoint.update', this.fs);
    }

    const written = (kind: string) => writes.find((w) => w.kind === kind)?.file;
    const bestFile = written('best');
    let nextBest = [...best];
    const evicted: string[] = [];
    if (bestFile !== undefined) {
      const ranked = this.rank(
        [...best.filter((r) => r.file !== bestFile), { ...record, file: bestFile }],
        this.manifest.protected,
      );
      nextBest = ranked.keep;
      evicted.push(...ranked.evicted);
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
    const stillUsed = manifestFiles(this.manifest);
    const deleted = evicted.filter((file) => !stillUsed.has(file));
    await this.remove(deleted);
    return {
      saved: writes.map(({ kind, file }) => ({ kind, path: join(this.dir, file) })),
      isBest,
      evicted: deleted.map((file) => join(this.dir, file)),
    };
  }

  /** A filled template plus the extension, checked to be a plain file in `dir` that is not `last`. */
  private fileName(template: string, values: Readonly<Record<string, number>>): string {
    const file = fillTemplate(template, values, this.dir) + EXTENSION;
    if (file === LAST_FILE) {
      throw new CheckpointError(
        `ModelCheckpoint: the filename template ${JSON.stringify(template)} gives ${LAST_FILE}, the file the last epoch is kept in (dir ${JSON.stringify(this.dir)}); nothing was written`,
        { source: this.dir },
      );
    }
    return file;
  }

  /** Best-k ranking: best first; what falls beyond k is evicted unless protected. */
  private rank(
    records: readonly CheckpointRecord[],
    protectedFiles: readonly string[],
  ): { keep: CheckpointRecord[]; evicted: string[] } {
    const sorted = [...records].sort((a, b) => this.compare(a.score, b.score));
    if (this.saveTopK === -1) return { keep: sorted, evicted: [] };
    const keep = sorted.slice(0, this.saveTopK);
    const evicted: string[] = [];
    for (const r of sorted.slice(this.saveTopK)) {
      if (protectedFiles.includes(r.file)) keep.push(r);
      else evicted.push(r.file);
    }
    return { keep, evicted };
  }

  private recoveryPolicy(): RecoveryPolicy {
    const name = (template: string, values: Readonly<Record<string, number>>) => {
      try {
        return this.fileName(template, values);
      } catch {
        return undefined; // a file this policy cannot have written
      }
    };
    return {
      monitor: this.monitor,
      saveLast: this.saveLast,
      everyNEpochs: this.everyNEpochs,
      bestName: (values) => (this.saveTopK === 0 ? undefined : name(this.filename, values)),
      periodicName: (values) => name(this.periodicFilename, values),
      rank: (records, protectedFiles) => this.rank(records, protectedFiles),
    };
  }

  /** Summaries of the checkpoint files the manifest does not list, and of `last.safetensors`. */
  private async unrecordedFiles(manifest: Manifest): Promise<Map<string, CheckpointSummary>> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.dir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return new Map();
      throw checkpointError(
        { op: 'ModelCheckpoint', source: this.dir },
        `could not list the directory (${describeFileError(error, this.dir)})`,
        undefined,
        error,
      );
    }
    const recorded = manifestFiles(manifest);
    const found = new Map<string, CheckpointSummary>();
    for (const name of names.sort()) {
      if (!name.endsWith(EXTENSION) || name.startsWith('.')) continue;
      if (recorded.has(name) && !(name === LAST_FILE && this.saveLast)) continue;
      const summary = await readCheckpointSummary(join(this.dir, name), this.fs);
      if (summary !== undefined) found.set(name, summary);
    }
    return found;
  }

  private async remove(files: readonly string[]): Promise<void> {
    for (const file of files) {
      const path = join(this.dir, file);
      try {
        await this.fs.unlink(path);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue;
        throw checkpointError(
          { op: 'ModelCheckpoint', source: path },
          `could not delete a displaced checkpoint (${describeFileError(error, path)})`,
          undefined,
          error,
        );
      }
    }
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
    await writeAtomically(join(this.dir, MANIFEST), serializeManifest(this.manifest), 'ModelCheckpoint', this.fs);
  }
}

/** The values file-name templates can use: epoch, step and every metric. */
function valuesOf(input: UpdateInput): Record<string, number> {
  return { epoch: input.epoch, ...(input.step === undefined ? {} : { step: input.step }), ...input.metrics };
}
