// What the two linear-regression programs of the tutorial share: their data and what each epoch
// reports.
import type { Tensor } from '@torchlet/autograd';

/** Examples of y = Xw + b + noise, and the w and b that made them. */
export interface RegressionData {
  /** [N, 2] */
  readonly features: Tensor;
  /** [N, 1] */
  readonly labels: Tensor;
  readonly trueW: Tensor;
  readonly trueB: number;
}

export interface RegressionOptions {
  readonly epochs: number;
  readonly lr: number;
  readonly batchSize: number;
}

/** After each epoch: the loss on all the data (as the tutorial prints it) and the parameters. */
export interface RegressionEpoch {
  readonly epoch: number;
  readonly loss: number;
  /** The weights, as the program holds them ([2, 1] from scratch, [1, 2] in the Linear layer). */
  readonly w: Tensor;
  /** [1] */
  readonly b: Tensor;
}
