import { noGrad, tensor, type Tensor } from '@torchlet/autograd';
import { formatShape, ShapeError, ValueError } from '@torchlet/tensor';

/**
 * Scales features to zero mean and unit variance with statistics fitted on one split (scikit-
 * learn's StandardScaler): fit on the training data only, then apply the same transform to the
 * validation and test data, so nothing about them leaks into training.
 */
export class Standardizer {
  private constructor(
    /** Per-feature mean [F]. */
    readonly mean: Tensor,
    /** Per-feature standard deviation [F] (population, as scikit-learn's; a constant feature gets 1). */
    readonly std: Tensor,
  ) {}

  /** The mean and standard deviation of each column of `features` [N, F]. */
  static fit(features: Tensor): Standardizer {
    if (features.ndim !== 2 || features.shape[0] === 0) {
      throw new ShapeError(`Standardizer.fit: expected features [N, F] with N > 0, got ${formatShape(features.shape)}`);
    }
    return noGrad(() => {
      const mean = features.mean(0);
      const std = features.std(0, { correction: 0 });
      const safe = std.toTypedArray().map((s) => (s > 0 ? s : 1));
      return new Standardizer(mean.detach(), tensor(safe, { dtype: features.dtype }));
    });
  }

  /** A standardizer from saved statistics (`mean`, `std` as written by `state()`). */
  static fromState(state: { mean: Tensor; std: Tensor }): Standardizer {
    if (state.mean.ndim !== 1 || formatShape(state.mean.shape) !== formatShape(state.std.shape)) {
      throw new ShapeError(
        `Standardizer.fromState: mean and std must be [F] tensors of one shape, got ${formatShape(state.mean.shape)} and ${formatShape(state.std.shape)}`,
      );
    }
    if (state.std.toTypedArray().some((s) => !(s > 0)))
      throw new ValueError('Standardizer.fromState: std must be positive');
    return new Standardizer(state.mean, state.std);
  }

  /** (x − mean) / std, column by column, for any [N, F]. */
  transform(features: Tensor): Tensor {
    this.check('transform', features);
    return features.sub(this.mean).div(this.std);
  }

  /** x · std + mean: back to the original units. */
  inverseTransform(features: Tensor): Tensor {
    this.check('inverseTransform', features);
    return features.mul(this.std).add(this.mean);
  }

  /** The statistics, to save beside a model (a checkpoint's extra state or a state dict). */
  state(): { mean: Tensor; std: Tensor } {
    return { mean: this.mean, std: this.std };
  }

  private check(op: string, features: Tensor): void {
    if (features.shape[features.ndim - 1] !== this.mean.shape[0]) {
      throw new ShapeError(
        `Standardizer.${op}: fitted on ${this.mean.shape[0]} features, got ${formatShape(features.shape)}`,
      );
    }
  }
}
