import { AutogradError } from './errors.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { Node } from './node.js';
import { Tensor } from './tensor.js';
import { activeTracer, untraced } from './trace.js';

/** What `forward` tells `backward`: saved tensors (version-checked) and any other values. */
export class FunctionContext {
  private tensors: Tensor[] = [];
  private readonly values = new Map<string, unknown>();
  private node: FunctionNode | null = null;

  constructor(
    /** For each forward argument: whether its gradient is needed. */
    readonly needsInputGrad: readonly boolean[],
  ) {}

  /** Keeps tensors for backward; in-place changes to them afterwards are reported. */
  saveForBackward(...tensors: Tensor[]): void {
    this.tensors = tensors;
  }

  /** The tensors given to `saveForBackward`, checked against in-place changes. */
  get savedTensors(): readonly Tensor[] {
    return this.node === null ? this.tensors : this.node.savedForUser();
  }

  /** Stores a non-tensor value for backward. */
  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }

  /** Reads a value stored with `set`. */
  get<T>(key: string): T {
    if (!this.values.has(key)) throw new AutogradError(`FunctionContext.get: nothing was stored under "${key}"`);
    return this.values.get(key) as T;
  }

  /** @internal Hands the saved tensors to the graph node that owns them. */
  attach(node: FunctionNode): void {
    this.node = node;
    node.saveForBackward(...this.tensors);
  }
}

type Gradients = Tensor | null | readonly (Tensor | null)[];

/** A custom Function's params in a trace: the class (for its symbolic, if any) and every argument. */
export interface FunctionParams {
  readonly function: typeof Function;
  readonly args: readonly unknown[];
}
type ForwardArgs<F> = F extends { forward(ctx: FunctionContext, ...args: infer A): Tensor } ? A : never;

class FunctionNode extends Node {
  constructor(
    private readonly fn: typeof Function,
    private readonly ctx: FunctionContext,
    private readonly argCount: number,
  ) {
    super();
    this.userCode = true;
  }
  get name(): string {
    return `${this.fn.name}Backward`;
  }
  savedForUser(): readonly Tensor[] {
    return this.saved();
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const result = this.fn.backward(this.ctx, grad);
    const grads = Array.isArray(result) ? (result as readonly (Tensor | null)[]) : [result as Tensor | null];
    if (grads.length !== this.argCount) {
      throw new AutogradError(
        `${this.name}: backward returned ${grads.length} gradients, but forward took ${this.argCount} arguments`,
      );
    }
    grads.forEach((g, i) => {
      if (g !== null && !(g instanceof Tensor)) {
        const type = g === undefined ? 'undefined' : Array.isArray(g) ? 'an array' : typeof g;
        throw new AutogradError(
          `${this.name}: backward returned ${type} as the gradient of argument ${i}; expected a Tensor or null`,
        );
      }
    });
    return grads.slice();
  }
}

/**
 * Base class for a differentiable op written by hand (PyTorch's `torch.autograd.Function`):
 * subclass it with `static forward(ctx, ...args)` and `static backward(ctx, grad)` returning one
 * gradient per forward argument (null for non-tensors), then call `MyOp.apply(...args)`.
 * `forward` runs with grad mode off; check `backward` with `gradcheck`.
 */
// oxlint-disable-next-line typescript/no-extraneous-class -- static forward/backward is PyTorch's API
export class Function {
  static forward(_ctx: FunctionContext, ..._args: never[]): Tensor {
    throw new AutogradError(`${this.name}.forward is not implemented`);
  }

  static backward(_ctx: FunctionContext, _grad: Tensor): Gradients {
    throw new AutogradError(`${this.name}.backward is not implemented`);
  }

  static apply<F extends typeof Function>(this: F, ...args: ForwardArgs<F>): Tensor {
    const inputs = args as unknown as readonly unknown[];
    const needs = inputs.map((a) => a instanceof Tensor && a.requiresGrad);
    const ctx = new FunctionContext(needs);
    const forward = this.forward as (ctx: FunctionContext, ...rest: unknown[]) => Tensor;
    const run = () => noGrad(() => forward.call(this, ctx, ...inputs));
    // Traced as one op (its symbolic, if it has one, says what it is): the ops inside are not.
    const tracer = activeTracer();
    const output = tracer === null ? run() : untraced(run);
    if (!(output instanceof Tensor)) throw new AutogradError(`${this.name}.forward must return a Tensor`);
    let result = output;
    if (isGradEnabled() && needs.some(Boolean)) {
      const node = new FunctionNode(this, ctx, inputs.length);
      node.next = inputs.map((a) => (a instanceof Tensor ? a.gradEdge() : null));
      ctx.attach(node);
      result = Tensor.fromNode(output.array, node);
    }
    tracer?.record({
      op: 'Function',
      node: `${this.name}Backward`,
      inputs: inputs.filter((a): a is Tensor => a instanceof Tensor),
      params: { function: this, args: inputs } satisfies FunctionParams,
      output: result,
    });
    return result;
  }
}
