export { writeFileAtomic, cleanStaleTempFiles } from './write-file-atomic.js';
export { saveSafetensors, loadSafetensors } from './safetensors-file.js';
export { saveCheckpoint, loadCheckpoint, readCheckpoint } from './checkpoint-file.js';
export {
  ModelCheckpoint,
  type ModelCheckpointOptions,
  type CheckpointRecord,
  type Manifest,
  type UpdateInput,
  type UpdateResult,
} from './model-checkpoint.js';
