export { CheckpointError, type CheckpointErrorOptions } from './errors.js';
export type { TensorSource } from './tensor-source.js';
export { encodeSafetensors, decodeSafetensors, type DecodeOptions, type DecodedSafetensors } from './safetensors.js';
export {
  readSafetensorsHeader,
  MAX_HEADER_LENGTH,
  type ReadHeaderOptions,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from './header.js';
export type { SafetensorsDType } from './dtypes.js';
export {
  encodeCheckpoint,
  decodeCheckpoint,
  restoreCheckpoint,
  type CheckpointContents,
  type DecodedCheckpoint,
  type GeneratorLike,
  type ModelLike,
  type RestoreResult,
  type RestoreTargets,
  type Stateful,
} from './checkpoint.js';
export type { JsonValue } from './training-state.js';
