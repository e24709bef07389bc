// @torchlet/checkpoint with only @torchlet/tensor: the browser-safe codec and the Node subpath.
import { decodeSafetensors, encodeSafetensors } from '@torchlet/checkpoint';
import { loadSafetensors, saveSafetensors } from '@torchlet/checkpoint/node';
import { tensor } from '@torchlet/tensor';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const state = { '0.weight': tensor([[0.5, -1.25]]), '0.bias': tensor([0.75]) };
const { tensors, metadata } = decodeSafetensors(encodeSafetensors(state, { epoch: '3' }));
if (metadata['epoch'] !== '3' || JSON.stringify(tensors['0.weight']?.toArray()) !== '[[0.5,-1.25]]')
  throw new Error('codec');
const path = join(mkdtempSync(join(tmpdir(), 'torchlet-pack-')), 'model.safetensors');
await saveSafetensors(path, state);
const loaded = await loadSafetensors(path);
if (loaded.tensors['0.bias']?.item() !== 0.75) throw new Error('file round trip');
console.log('checkpoint ok');
