// What each worker serves (see ../workers). Plain data only: numbers, arrays and bytes cross.
import type { EpochMetrics, TumourScores } from '@torchlet/demo/tutorial';
import type { Environment } from './environment.js';
import type { Method } from './rpc.js';

export interface TrainingSettings {
  readonly seed: number;
  readonly epochs: number;
  readonly lr: number;
  readonly batchSize: number;
}

/** How long a training run took in the worker, and on what. */
export interface Timing {
  readonly seconds: number;
  readonly environment: Environment;
}

export type RegressionVersion = 'scratch' | 'concise';

export interface RegressionProgress {
  readonly version: RegressionVersion;
  readonly epoch: number;
  readonly loss: number;
  readonly w: readonly number[];
  readonly b: number;
}

export type RegressionApi = {
  /** Both versions on one data set, epoch by epoch in turn. */
  train: Method<TrainingSettings, RegressionProgress, Timing & { trueW: number[]; trueB: number }>;
};

export type TumourModelName = 'logistic' | 'mlp';

/** A model's score on the held-out test split, and the epoch it was kept from. */
export interface TestReport extends TumourScores {
  readonly epoch: number | null;
}

export type ClassificationApi = {
  /** Trains, keeps the best epoch on validation and scores it on the test split. */
  train: Method<TrainingSettings & { model: TumourModelName }, EpochMetrics, Timing & TestReport>;
  /** The kept model as a safetensors checkpoint (the same file PyTorch reads). */
  save: Method<Record<string, never>, never, { bytes: Uint8Array; name: string }>;
  /** Loads a checkpoint of either model (told apart by its keys) and scores it. */
  load: Method<{ bytes: Uint8Array; name: string }, never, TestReport & { model: TumourModelName }>;
};

export type DigitsApi = {
  /** Replaces the model with the one in a checkpoint (the bundled one or an upload). */
  load: Method<{ bytes: Uint8Array; name: string }, never, { epoch: number | null; valAccuracy: number | null }>;
  train: Method<TrainingSettings, EpochMetrics, Timing & { bestEpoch: number; testAccuracy: number }>;
  /** Class probabilities of one 8×8 image of darkness 0..16, row by row. */
  predict: Method<{ pixels: readonly number[] }, never, { probabilities: number[] }>;
  save: Method<Record<string, never>, never, { bytes: Uint8Array; name: string }>;
};

export type LetterXApi = {
  train: Method<
    { seed: number; epochs: number; lr: number },
    never,
    { weights: number[]; bias: number; testAccuracy: number }
  >;
  /** The neuron's probability that a 5×5 grid of 0/1 is an X. */
  judge: Method<{ grid: readonly number[] }, never, { probability: number }>;
};
