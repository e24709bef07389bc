import { formatShape, type NDArray } from '@torchlet/tensor';
import { checkpointError, CheckpointError, type ErrorContext } from './errors.js';
import { decodeWithContext, encodeWithContext } from './safetensors.js';
import type { TensorSource } from './tensor-source.js';
import { flattenState, TRAINING_PREFIX, unflattenState, type JsonValue } from './training-state.js';

/** What a checkpoint needs of a model (an `nn.Module` has it). */
export interface ModelLike {
  stateDict(): Readonly<Record<string, TensorSource>>;
  loadStateDict(
    stateDict: Record<string, NDArray>,
    options?: { strict?: boolean },
  ): { readonly missingKeys: readonly string[]; readonly unexpectedKeys: readonly string[] };
}

/** Anything with PyTorch's state-dict protocol: optimizers, schedulers, data loaders. */
export interface Stateful {
  stateDict(): unknown;
  loadStateDict(state: never): void;
}

/** A random generator whose stream can be captured and restored exactly. */
export interface GeneratorLike {
  getState(): Uint8Array;
  setState(state: Uint8Array): unknown;
}

/** Everything a training run needs to resume exactly where it stopped. */
export interface CheckpointContents {
  model: ModelLike;
  optimizer?: Stateful;
  scheduler?: Stateful;
  epoch?: number;
  step?: number;
  metrics?: Readonly<Record<string, number>>;
  /** Random generators by name (e.g. `{ default: defaultGenerator }`). */
  generators?: Readonly<Record<string, GeneratorLike>>;
  /** Data loaders (or samplers) by name, for their shuffle state. */
  loaders?: Readonly<Record<string, Stateful>>;
  /** Anything else JSON can hold (plus tensors and byte arrays). */
  extra?: unknown;
}

/** Where `restoreCheckpoint` puts what a checkpoint holds; all optional. */
export interface RestoreTargets {
  model?: ModelLike;
  optimizer?: Stateful;
  scheduler?: Stateful;
  generators?: Readonly<Record<string, GeneratorLike>>;
  loaders?: Readonly<Record<string, Stateful>>;
  /** Missing or unexpected model keys are an error (default true). */
  strict?: boolean;
}

/** A decoded checkpoint: the model's state dict plus the training state, not yet applied. */
export interface DecodedCheckpoint {
  readonly model: Record<string, NDArray>;
  readonly optimizer: unknown;
  readonly scheduler: unknown;
  readonly epoch: number | null;
  readonly step: number | null;
  readonly metrics: Record<string, number>;
  readonly generators: Record<string, Uint8Array>;
  readonly loaders: Record<string, unknown>;
  readonly extra: unknown;
}

export interface RestoreResult {
  readonly missingKeys: readonly string[];
  readonly unexpectedKeys: readonly string[];
  readonly epoch: number | null;
  readonly step: number | null;
  readonly metrics: Record<string, number>;
  readonly extra: unknown;
}

const FORMAT = 'torchlet.checkpoint/1';

function stateOf(stateful: Stateful | undefined): unknown {
  return stateful === undefined ? null : stateful.stateDict();
}

function mapValues<T, U>(record: Readonly<Record<string, T>> | undefined, fn: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key] = fn(value);
  return out;
}

/**
 * One safetensors file: the model's tensors under their own state-dict keys (so the file loads
 * into PyTorch), training-state tensors under `@`-prefixed keys, and the rest as JSON metadata.
 */
export function encodeCheckpoint(
  contents: CheckpointContents,
  context: ErrorContext = { op: 'encodeCheckpoint' },
): Uint8Array {
  const tensors: Record<string, TensorSource> = {};
  for (const [key, value] of Object.entries(contents.model.stateDict())) {
    if (key.startsWith(TRAINING_PREFIX))
      throw checkpointError(
        context,
        `model state-dict key starts with "${TRAINING_PREFIX}", which is reserved for training state`,
        key,
      );
    tensors[key] = value;
  }
  const training = {
    optimizer: flattenState(stateOf(contents.optimizer), 'optimizer', tensors, context),
    scheduler: flattenState(stateOf(contents.scheduler), 'scheduler', tensors, context),
    generators: flattenState(
      mapValues(contents.generators, (g) => g.getState()),
      'generators',
      tensors,
      context,
    ),
    loaders: flattenState(
      mapValues(contents.loaders, (l) => l.stateDict()),
      'loaders',
      tensors,
      context,
    ),
    extra: flattenState(contents.extra ?? null, 'extra', tensors, context),
  };
  const metrics = flattenState(contents.metrics ?? {}, 'metrics', tensors, context);
  const metadata: Record<string, string> = {
    format: FORMAT,
    metrics: JSON.stringify(metrics),
    training: JSON.stringify(training),
  };
  if (contents.epoch !== undefined) metadata['epoch'] = String(contents.epoch);
  if (contents.step !== undefined) metadata['step'] = String(contents.step);
  return encodeWithContext(tensors, metadata, context);
}

function parseJson(text: string | undefined, what: string, context: ErrorContext): JsonValue {
  if (text === undefined)
    throw checkpointError(context, `metadata has no "${what}" entry; the file is not a torchlet checkpoint`);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (cause) {
    throw checkpointError(context, `metadata "${what}" is not valid JSON`, undefined, cause);
  }
}

function parseCount(text: string | undefined, what: string, context: ErrorContext): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw checkpointError(context, `metadata "${what}" is not an integer: ${JSON.stringify(text)}`);
  return value;
}

/** What a checkpoint's metadata says about it, readable from the header alone. */
export interface CheckpointSummary {
  readonly epoch: number | null;
  readonly step: number | null;
  readonly metrics: Record<string, number>;
}

/**
 * Epoch, step and metrics from a checkpoint's metadata (no tensors needed), checking that it is a
 * torchlet checkpoint. `ModelCheckpoint` uses it to recognize files its manifest does not list.
 */
export function summarizeCheckpoint(
  metadata: Readonly<Record<string, string>>,
  context: ErrorContext,
): CheckpointSummary {
  checkFormat(metadata, context);
  const metrics = unflattenState(parseJson(metadata['metrics'], 'metrics', context), {}, context);
  if (
    typeof metrics !== 'object' ||
    metrics === null ||
    Array.isArray(metrics) ||
    !Object.values(metrics).every((v) => typeof v === 'number')
  ) {
    throw checkpointError(context, 'metadata "metrics" must be an object of numbers');
  }
  return {
    epoch: parseCount(metadata['epoch'], 'epoch', context),
    step: parseCount(metadata['step'], 'step', context),
    metrics: metrics as Record<string, number>,
  };
}

function checkFormat(metadata: Readonly<Record<string, string>>, context: ErrorContext): void {
  if (metadata['format'] !== FORMAT) {
    throw checkpointError(
      context,
      `metadata "format" is ${JSON.stringify(metadata['format'] ?? null)}, expected "${FORMAT}" (use loadSafetensors for plain weight files)`,
    );
  }
}

/** Reads a checkpoint written by `encodeCheckpoint`, validating the file and its metadata. */
export function decodeCheckpoint(
  bytes: Uint8Array,
  context: ErrorContext = { op: 'decodeCheckpoint' },
  owned = false,
): DecodedCheckpoint {
  const { tensors, metadata } = decodeWithContext(bytes, owned, context);
  checkFormat(metadata, context);
  const training = unflattenState(parseJson(metadata['training'], 'training', context), tensors, context) as Record<
    string,
    unknown
  >;
  const metrics = unflattenState(parseJson(metadata['metrics'], 'metrics', context), tensors, context);
  const model: Record<string, NDArray> = {};
  for (const [key, value] of Object.entries(tensors)) if (!key.startsWith(TRAINING_PREFIX)) model[key] = value;
  return {
    model,
    optimizer: training['optimizer'] ?? null,
    scheduler: training['scheduler'] ?? null,
    epoch: parseCount(metadata['epoch'], 'epoch', context),
    step: parseCount(metadata['step'], 'step', context),
    metrics: (metrics ?? {}) as Record<string, number>,
    generators: (training['generators'] ?? {}) as Record<string, Uint8Array>,
    loaders: (training['loaders'] ?? {}) as Record<string, unknown>,
    extra: training['extra'] ?? null,
  };
}

/**
 * Applies a decoded checkpoint to `targets`, all or nothing. First everything that can be checked
 * without writing is: every target has state in the checkpoint (an optimizer when none was saved,
 * an unknown generator name, are errors, so a resumed run never silently starts from fresh
 * state), and the model's keys, shapes and dtypes agree with `model.stateDict()` (each tensor is
 * converted to the model's dtype here, so a failing conversion changes nothing). Then the
 * optimizer, scheduler, loaders and generators are restored, each after its current state is
 * taken, and the model last; if any of them refuses its state, the ones already restored get
 * their old state back before the error is thrown. A failed call leaves every target as it was.
 */
export function restoreCheckpoint(
  decoded: DecodedCheckpoint,
  targets: RestoreTargets,
  context: ErrorContext = { op: 'restoreCheckpoint' },
): RestoreResult {
  const strict = targets.strict ?? true;
  const model = targets.model === undefined ? undefined : planModel(decoded.model, targets.model, strict, context);
  const steps: RestoreStep[] = [];
  if (targets.optimizer !== undefined)
    steps.push(statefulStep(targets.optimizer, decoded.optimizer, 'optimizer', context));
  if (targets.scheduler !== undefined)
    steps.push(statefulStep(targets.scheduler, decoded.scheduler, 'scheduler', context));
  for (const [name, loader] of Object.entries(targets.loaders ?? {})) {
    steps.push(statefulStep(loader, decoded.loaders[name] ?? null, `loader "${name}"`, context));
  }
  for (const [name, generator] of Object.entries(targets.generators ?? {})) {
    steps.push(generatorStep(name, generator, decoded.generators, context));
  }
  if (model !== undefined) {
    steps.push({
      what: 'model',
      apply: () => {
        targets.model!.loadStateDict(model.prepared, { strict });
        return () => undefined; // last: nothing after it can fail
      },
    });
  }

  const undo: (() => void)[] = [];
  for (const step of steps) {
    try {
      undo.push(step.apply());
    } catch (error) {
      // Putting back a target's own state should not fail; if it does, say so rather than hide it.
      const stuck: string[] = [];
      for (let i = undo.length - 1; i >= 0; i--) {
        try {
          undo[i]!();
        } catch {
          stuck.push(steps[i]!.what);
        }
      }
      const outcome =
        stuck.length === 0
          ? 'so nothing was restored'
          : `and putting back the previous state of the ${stuck.join(', ')} failed too`;
      if (error instanceof CheckpointError && stuck.length === 0) throw error;
      throw checkpointError(
        context,
        `restoring the ${step.what} failed, ${outcome}: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        error,
      );
    }
  }
  return {
    missingKeys: model?.missingKeys ?? [],
    unexpectedKeys: model?.unexpectedKeys ?? [],
    epoch: decoded.epoch,
    step: decoded.step,
    metrics: decoded.metrics,
    extra: decoded.extra,
  };
}

/** One target's restore: applies its state and returns how to put the old one back. */
interface RestoreStep {
  readonly what: string;
  apply(): () => void;
}

function statefulStep(target: Stateful, state: unknown, what: string, context: ErrorContext): RestoreStep {
  if (state === null || state === undefined)
    throw checkpointError(context, `the checkpoint holds no ${what} state to restore`);
  return {
    what,
    apply: () => {
      const before = target.stateDict();
      target.loadStateDict(state as never);
      return () => target.loadStateDict(before as never);
    },
  };
}

function generatorStep(
  name: string,
  generator: GeneratorLike,
  states: Readonly<Record<string, Uint8Array>>,
  context: ErrorContext,
): RestoreStep {
  const state = Object.hasOwn(states, name) ? states[name] : undefined;
  if (state === undefined)
    throw checkpointError(
      context,
      `the checkpoint holds no state for generator "${name}" (it has: ${Object.keys(states).join(', ') || 'none'})`,
    );
  if (!(state instanceof Uint8Array)) {
    throw checkpointError(context, `the state of generator "${name}" is not a byte array; the file is corrupt`);
  }
  return {
    what: `generator "${name}"`,
    apply: () => {
      const before = generator.getState();
      generator.setState(state);
      return () => generator.setState(before);
    },
  };
}

interface ModelPlan {
  /** The checkpoint's tensors for the model's keys, in the model's dtypes. */
  readonly prepared: Record<string, NDArray>;
  readonly missingKeys: readonly string[];
  readonly unexpectedKeys: readonly string[];
}

/**
 * Checks the checkpoint's model tensors against the model's own state dict, with PyTorch's
 * `load_state_dict` rules and words (missing and unexpected keys unless `strict` is false, size
 * mismatches always, all reported at once), and converts each to the dtype of the tensor it will
 * be copied into (as PyTorch's `copy_` does), so the model's `loadStateDict` cannot fail halfway.
 */
function planModel(
  tensors: Readonly<Record<string, NDArray>>,
  model: ModelLike,
  strict: boolean,
  context: ErrorContext,
): ModelPlan {
  const own = model.stateDict();
  const missingKeys = Object.keys(own).filter((key) => !Object.hasOwn(tensors, key));
  const unexpectedKeys = Object.keys(tensors).filter((key) => !Object.hasOwn(own, key));
  const problems: string[] = [];
  if (strict && missingKeys.length > 0) problems.push(`Missing key(s) in state_dict: ${quoted(missingKeys)}. `);
  if (strict && unexpectedKeys.length > 0)
    problems.push(`Unexpected key(s) in state_dict: ${quoted(unexpectedKeys)}. `);
  const prepared: Record<string, NDArray> = {};
  const conversions: [string, NDArray, TensorSource][] = [];
  for (const [key, target] of Object.entries(own)) {
    if (!Object.hasOwn(tensors, key)) continue;
    const value = tensors[key]!;
    if (formatShape(value.shape) !== formatShape(target.shape)) {
      problems.push(
        `size mismatch for ${key}: copying a param with shape ${formatShape(value.shape)} from checkpoint, the shape in current model is ${formatShape(target.shape)}.`,
      );
    } else conversions.push([key, value, target]);
  }
  if (problems.length > 0) {
    throw checkpointError(
      context,
      `Error(s) in loading state_dict for ${moduleName(model)}:\n\t${problems.join('\n\t')}`,
    );
  }
  for (const [key, value, target] of conversions) {
    try {
      prepared[key] = value.dtype === target.dtype ? value : value.to(target.dtype);
    } catch (error) {
      throw checkpointError(
        context,
        `cannot load the checkpoint's ${value.dtype} tensor into the model's ${target.dtype} ${key}: ${error instanceof Error ? error.message : String(error)}`,
        key,
        error,
      );
    }
  }
  return { prepared, missingKeys, unexpectedKeys };
}

/**
 * The name PyTorch's message shows (`Sequential`): a module prints as `Name(...)`, which is also
 * what its own loadStateDict reports; its class may be named otherwise (`SequentialModule`).
 */
function moduleName(model: ModelLike): string {
  const printed = /^([A-Za-z_$][\w$]*)\(/.exec(String(model));
  return printed?.[1] ?? (model as { constructor?: { name?: string } }).constructor?.name ?? 'the model';
}

function quoted(keys: readonly string[]): string {
  return keys.map((key) => `"${key}"`).join(', ');
}
