export { syntheticData } from './synthetic-data.js';
export { hasGetBatch, type BatchDataset, type Dataset } from './dataset.js';
export { TensorDataset } from './tensor-dataset.js';
export { Subset } from './subset.js';
export { randomSplit } from './random-split.js';
export { stratifiedSplit } from './stratified-split.js';
export { Standardizer } from './standardizer.js';
export { toTensor, normalize, toPixels, type PixelImage } from './transforms/image.js';
export {
  hasNextPass,
  isStateful,
  type PassSampler,
  type Sampler,
  type SamplerState,
  type Sized,
  type StatefulSampler,
} from './sampler.js';
export { SequentialSampler } from './sequential-sampler.js';
export { RandomSampler, type RandomSamplerOptions } from './random-sampler.js';
export { BatchSampler, type BatchIndexSampler } from './batch-sampler.js';
export { defaultCollate, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions, type DataLoaderState } from './data-loader.js';
