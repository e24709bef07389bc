export { Optimizer, required, type Defaults, type ParamGroup, type ParamGroupInput, type Params } from './optimizer.js';
export type { OptimizerStateDict, ParamGroupStateDict, ParamStateDict, StateValue } from './state-dict.js';
export { SGD, type SGDInit, type SGDOptions, type SGDState } from './sgd.js';
export { Adam } from './adam.js';
export { AdamW } from './adamw.js';
export type { AdamOptions, AdamState } from './adam-update.js';
export { LRScheduler, type LrOptimizer, type SchedulerStateDict } from './lr-scheduler.js';
export { StepLR, type StepLRInit, type StepLROptions } from './step-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLRInit, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
