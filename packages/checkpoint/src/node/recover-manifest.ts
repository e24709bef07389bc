import type { CheckpointSummary } from '../checkpoint.js';
import { LAST_FILE, type CheckpointRecord, type Manifest } from './manifest.js';

/** What recovery needs to know of a `ModelCheckpoint`'s policy. */
export interface RecoveryPolicy {
  readonly monitor: string;
  readonly saveLast: boolean;
  readonly everyNEpochs: number;
  /** The best-k file name the policy gives a checkpoint with these values (undefined if none). */
  bestName(values: Readonly<Record<string, number>>): string | undefined;
  periodicName(values: Readonly<Record<string, number>>): string | undefined;
  /** Best-k records ranked: the ones kept (best first) and the files evicted. */
  rank(
    records: readonly CheckpointRecord[],
    protectedFiles: readonly string[],
  ): { keep: CheckpointRecord[]; evicted: string[] };
}

export interface Recovery {
  readonly manifest: Manifest;
  /** Files to delete once the manifest is written. */
  readonly remove: readonly string[];
  readonly changed: boolean;
}

/**
 * Makes the manifest agree with the checkpoint files in the directory, after a crash anywhere in
 * `update()`. An epoch's files are written best, periodic, then `last`, then the manifest, then
 * displaced files are deleted; so a crash can leave files the manifest does not list, but never
 * the reverse. `found` holds the summary (epoch, step, metrics from the file's own header) of
 * every such file, and of `last.safetensors`.
 *
 * The epoch a resumed run continues after is `last`'s (the newest file resume loads). Files of
 * that epoch or older that the manifest misses are recorded as the policy would have recorded
 * them — a best that was written but not committed is the best again, and one whose deletion was
 * interrupted is evicted again — and files of newer epochs (whose `last` was never written) are
 * deleted, since the resumed run writes that epoch again. A file the policy cannot have written
 * (another name, not a torchlet checkpoint) is left alone. Without `saveLast`, every epoch's
 * files are its own commit, so all of them are recorded.
 */
export function recoverManifest(
  manifest: Manifest,
  found: ReadonlyMap<string, CheckpointSummary>,
  policy: RecoveryPolicy,
): Recovery {
  let last = manifest.last;
  let resumePoint = Number.POSITIVE_INFINITY;
  if (policy.saveLast) {
    const onDisk = found.get(LAST_FILE);
    if (onDisk?.epoch != null && (last === null || onDisk.epoch > last.epoch)) last = record(LAST_FILE, onDisk, policy);
    resumePoint = last?.epoch ?? 0;
  }

  const candidates: CheckpointRecord[] = [];
  const periodic: CheckpointRecord[] = [];
  const remove: string[] = [];
  for (const [file, summary] of found) {
    if (file === LAST_FILE || summary.epoch === null) continue;
    const values = valuesOf(summary);
    const isBest = Number.isFinite(summary.metrics[policy.monitor] ?? Number.NaN) && policy.bestName(values) === file;
    const isPeriodic =
      policy.everyNEpochs > 0 && summary.epoch % policy.everyNEpochs === 0 && policy.periodicName(values) === file;
    if (!isBest && !isPeriodic) continue;
    if (summary.epoch > resumePoint) remove.push(file);
    else if (isBest) candidates.push(record(file, summary, policy));
    else periodic.push(record(file, summary, policy));
  }

  // Recovered files rank after the manifest's own on ties, as a new file does in update().
  const { keep, evicted } = policy.rank([...manifest.best, ...candidates], manifest.protected);
  const next: Manifest = {
    ...manifest,
    best: keep,
    last,
    periodic: [...manifest.periodic, ...periodic].sort((a, b) => a.epoch - b.epoch),
  };
  remove.push(...evicted);
  const changed = last !== manifest.last || candidates.length > 0 || periodic.length > 0 || remove.length > 0;
  return { manifest: next, remove, changed };
}

function valuesOf(summary: CheckpointSummary): Record<string, number> {
  return {
    epoch: summary.epoch!,
    ...(summary.step === null ? {} : { step: summary.step }),
    ...summary.metrics,
  };
}

function record(file: string, summary: CheckpointSummary, policy: RecoveryPolicy): CheckpointRecord {
  return {
    file,
    epoch: summary.epoch!,
    step: summary.step,
    metrics: summary.metrics,
    score: summary.metrics[policy.monitor] ?? Number.NaN,
  };
}
