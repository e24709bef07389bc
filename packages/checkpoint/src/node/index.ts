export { writeFileAtomic, cleanStaleTempFiles } from './write-file-atomic.js';
export { saveSafetensors, loadSafetensors } from './safetensors-file.js';
