import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import {
  Function,
  FunctionContext,
  nativeConv2d,
  nativeRecurrentLayer,
  noGrad,
  randn,
  tensor,
  traceOps,
  zeros,
  type Tensor,
  type TracedOp,
} from './index.js';
import { AutogradError } from './errors.js';

/** Runs `fn` under a trace and returns what it recorded. */
function traced(fn: () => unknown): TracedOp[] {
  const ops: TracedOp[] = [];
  traceOps({ record: (op) => ops.push(op) }, fn);
  return ops;
}

const opsOf = (events: readonly TracedOp[]) => events.map((e) => e.op);

describe('traceOps', () => {
  test('sees every op, under noGrad and on tensors that require no grad, without building a graph', () => {
    const x = tensor([
      [1, -2],
      [3, 4],
    ]);
    const w = tensor([[0.5, 0.25]]);
    let y: Tensor | undefined;
    const events = traced(() => {
      y = noGrad(() => x.matmul(w.t()).relu().add(1).sum());
    });
    expect(opsOf(events)).toEqual(['permute', 'matmul', 'relu', 'add', 'sum']);
    expect(events.map((e) => e.node)).toEqual([
      'TBackward0',
      'MmBackward0',
      'ReluBackward0',
      'AddBackward0',
      'SumBackward0',
    ]);
    // Each op's output is the next one's input, and the last output is what the code got.
    expect(events[1]!.inputs[0]).toBe(x);
    expect(events[1]!.inputs[1]).toBe(events[0]!.output);
    for (let i = 2; i < events.length; i++) expect(events[i]!.inputs[0]).toBe(events[i - 1]!.output);
    expect(events.at(-1)!.output).toBe(y);
    expect(events[3]!.params).toBe(1); // the number added
    expect(y!.gradFn).toBeNull();
    expect(y!.requiresGrad).toBe(false);
  });

  test('with grad on, the graph is recorded as without a trace', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    let out: Tensor | undefined;
    const events = traced(() => {
      out = a.mul(a).sum();
    });
    expect(opsOf(events)).toEqual(['mul', 'sum']);
    expect(out!.gradFn?.name).toBe('SumBackward0');
    out!.backward();
    expect(a.grad!.toArray()).toEqual([2, 4]);
  });

  test('ops without a gradient (comparisons, argmax, indices) are seen, with no node', () => {
    const x = tensor([
      [1, 5],
      [7, 2],
    ]);
    const events = traced(() => {
      x.gt(2);
      x.argmax(1);
      x.max(1);
    });
    expect(opsOf(events)).toEqual(['gt', 'argmax', 'argmax', 'max.dim']);
    expect(events.map((e) => e.node)).toEqual([null, null, null, 'MaxBackward0']);
    expect(events[0]!.params).toBe(2);
  });

  test('kernel ops report their inputs and settings', () => {
    const input = randn([1, 2, 5, 5]);
    const weight = randn([3, 2, 3, 3]);
    const bias = randn([3]);
    const params = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } as const;
    const [event] = traced(() => nativeConv2d(input, weight, bias, params));
    expect(event!.op).toBe('conv2d');
    expect(event!.node).toBe('ConvolutionBackward0');
    expect(event!.inputs).toEqual([input, weight, bias]);
    expect(event!.params).toEqual({ params, hasBias: true });
  });

  test('a recurrent layer is one op whose packed output the caller reads through views', () => {
    const xw = randn([3, 2, 4]); // T = 3, B = 2, G·H = 4 (LSTM, H = 1)
    const events = traced(() =>
      nativeRecurrentLayer('lstm', xw, randn([4, 1]), null, zeros([2, 1]), zeros([2, 1]), false),
    );
    expect(opsOf(events)).toEqual(['recurrentLayer', 'slice', 'select', 'select']);
    expect(events[0]!.node).toBe('LstmBackward0');
  });

  test('a custom Function is one op: its class is in the params, the ops inside are hidden', () => {
    class Double extends Function {
      static override forward(_ctx: FunctionContext, x: Tensor): Tensor {
        return x.mul(2).add(0);
      }
    }
    const x = tensor([1, 2]);
    const events = traced(() => Double.apply(x));
    expect(opsOf(events)).toEqual(['Function']);
    expect(events[0]!.node).toBe('DoubleBackward');
    expect(events[0]!.params).toEqual({ function: Double, args: [x] });
    expect(events[0]!.inputs).toEqual([x]);
  });

  test('records nothing once it returns, and refuses nesting and promises', () => {
    const events: TracedOp[] = [];
    const tracer = { record: (op: TracedOp) => events.push(op) };
    traceOps(tracer, () => tensor([1]).neg());
    tensor([1]).neg();
    expect(events).toHaveLength(1);
    expect(() => traceOps(tracer, () => traceOps(tracer, () => 0))).toThrow(AutogradError);
    expect(() => traceOps(tracer, () => Promise.resolve())).toThrow(/promise/);
    // A failed trace leaves no trace active.
    tensor([1]).neg();
    expect(events).toHaveLength(1);
  });

  test('the README example runs as shown', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./examples/trace-ops.ts', import.meta.url), 'utf8');
    expect(readme).toContain(example.trim());
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const { ops } = await import('./examples/trace-ops.js');
      expect(log).toHaveBeenCalledWith(['relu (ReluBackward0)', 'sum (SumBackward0)']);
      expect(ops).toHaveLength(2);
    } finally {
      log.mockRestore();
    }
  });
});
