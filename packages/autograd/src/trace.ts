import { AutogradError } from './errors.js';
import type { Tensor } from './tensor.js';

/**
 * One op as a trace sees it: what ran (`op`, the forward op, and `node`, the name its graph node
 * has or would have), on which tensors, with which parameters, giving which tensor. Recorded
 * whether or not the graph is: under `noGrad`, in eval mode, on inputs that require no grad.
 */
export interface TracedOp {
  /** The forward op, one name per op definition: 'add', 'linear', 'conv2d', 'Function', ... */
  readonly op: string;
  /** PyTorch's node name (`AddmmBackward0`); null for an op without a gradient (`eq`, `argmax`). */
  readonly node: string | null;
  /** The tensor operands, in the op's order. Tensors an op reads without differentiating (an index) sit in `params`. */
  readonly inputs: readonly Tensor[];
  /**
   * What the op's gradient rule keeps besides tensors (dims, strides, ...), as the op file
   * declares it; a custom Function's is `{ function, args }`. Internal to each op: read it
   * knowing the op, and expect it to change with the op.
   */
  readonly params: unknown;
  readonly output: Tensor;
}

/** Receives every op while a trace is active (see `traceOps`). */
export interface Tracer {
  record(op: TracedOp): void;
}

// Read by every op: a single module variable, null unless `traceOps` is running, so an op with
// no trace active pays one null check.
let active: Tracer | null = null;

/** The active tracer, or null (almost always). */
export function activeTracer(): Tracer | null {
  return active;
}

/**
 * Runs `fn` (synchronous) with `tracer` receiving every op it runs — the explicit hook an
 * exporter (@torchlet/onnx) builds on. Traces do not nest.
 */
export function traceOps<T>(tracer: Tracer, fn: () => T): T {
  if (active !== null) throw new AutogradError('traceOps: a trace is already active; traces do not nest');
  active = tracer;
  try {
    const result = fn();
    if (typeof (result as { then?: unknown } | null)?.then === 'function') {
      throw new AutogradError('traceOps: fn returned a promise; tracing follows synchronous code only');
    }
    return result;
  } finally {
    active = null;
  }
}

/** Runs `fn` with the active trace paused: the body of a custom Function, which is traced as one op. */
export function untraced<T>(fn: () => T): T {
  const tracer = active;
  active = null;
  try {
    return fn();
  } finally {
    active = tracer;
  }
}
