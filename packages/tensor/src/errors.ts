/**
 * Typed errors. Every message names the op, what it received and what it expected, so a user can
 * fix the call without reading torchlet's source.
 */
export class TorchletError extends Error {
  override name = 'TorchletError';
}

/** Shapes that cannot broadcast, multiply, reshape or concatenate. */
export class ShapeError extends TorchletError {
  override name = 'ShapeError';
}

/** An operation that is not defined for a dtype, or a cast that would lose the value (NaN → int). */
export class DTypeError extends TorchletError {
  override name = 'DTypeError';
}

/** A dimension or element index outside the valid range. */
export class IndexError extends TorchletError {
  override name = 'IndexError';
}

/** An argument with a value the operation does not accept (negative std, zero step, ...). */
export class ValueError extends TorchletError {
  override name = 'ValueError';
}
