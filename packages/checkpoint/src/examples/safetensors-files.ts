import { tensor } from '@torchlet/tensor';
import { decodeSafetensors, encodeSafetensors } from '../index.js';
import { cleanStaleTempFiles, loadSafetensors, saveSafetensors } from '../node/index.js';

const state = { '0.weight': tensor([[0.5, -1.25]]), '0.bias': tensor([0.75]) };

// Anywhere: bytes in, bytes out.
const bytes = encodeSafetensors(state, { epoch: '3' });
const { tensors, metadata } = decodeSafetensors(bytes, { source: 'upload.safetensors' });
const weight = tensors['0.weight']; // NDArray float32 [1, 2]
const epoch = metadata['epoch']; // '3'

// Node: atomic writes (missing folders are created), checked reads.
await cleanStaleTempFiles('runs/exp1'); // temp files of a run that was killed
await saveSafetensors('runs/exp1/model.safetensors', state, { epoch: '3' });
const loaded = await loadSafetensors('runs/exp1/model.safetensors');

export { epoch, loaded, weight };
