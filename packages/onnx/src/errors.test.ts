import { fromNDArray, Function, randn, zeros, type FunctionContext, type Tensor } from '@torchlet/autograd';
import { functional as F, Linear, Module, ReLU, Sequential } from '@torchlet/nn';
import { IndexError, ValueError } from '@torchlet/tensor';
import { describe, expect, test } from 'vitest';
import { exportOnnx, OnnxExportError, UnsupportedOpError } from './index.js';

/** The error `fn` throws (the test fails if it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

class Unfolder extends Module {
  forward(x: Tensor): Tensor {
    return F.unfold(x, 2);
  }
}

class ScaledExp extends Function {
  static override forward(_ctx: FunctionContext, x: Tensor): Tensor {
    return x.mul(0.5).exp();
  }
}

class Exp extends Module {
  forward(x: Tensor): Tensor {
    return ScaledExp.apply(x);
  }
}

describe('ops that do not export', () => {
  test('an op without an ONNX mapping is an UnsupportedOpError naming the op and the module path it ran in', () => {
    const model = new Sequential(new ReLU(), new Sequential(new Linear(2, 2), new Unfolder()));
    const error = thrown(() => exportOnnx(model, randn([1, 1, 2, 2])));
    expect(error).toBeInstanceOf(UnsupportedOpError);
    expect(error.message).toBe(
      "exportOnnx: op 'im2col' (Im2ColBackward0) has no ONNX mapping; called in module '1.1' (Unfolder)",
    );
    expect((error as UnsupportedOpError).op).toBe('im2col');
    expect((error as UnsupportedOpError).modulePath).toBe('1.1');
  });

  test('a custom Function without a symbolic is refused by its name', () => {
    const error = thrown(() => exportOnnx(new Sequential(new Exp()), randn([2])));
    expect(error).toBeInstanceOf(UnsupportedOpError);
    expect((error as UnsupportedOpError).op).toBe('ScaledExp');
    expect(error.message).toMatch(/custom Function 'ScaledExp' has no ONNX symbolic.*called in module '0' \(Exp\)$/);
  });

  test('an op the outputs do not need is left out (unused max-pool indices); needed, it is refused', () => {
    class Pool extends Module {
      constructor(private readonly useIndices: boolean) {
        super();
      }
      forward(x: Tensor): Tensor {
        const [values, indices] = F.maxPool2d(x, 2, { returnIndices: true });
        return this.useIndices ? values.add(indices.to('float32')) : values;
      }
    }
    const input = randn([1, 1, 4, 4]);
    expect(exportOnnx(new Pool(false), input)).toBeInstanceOf(Uint8Array);
    const error = thrown(() => exportOnnx(new Pool(true), input));
    expect(error).toBeInstanceOf(UnsupportedOpError);
    expect(error.message).toBe("exportOnnx: op 'maxPool2d.indices' has no ONNX mapping; called in the model (Pool)");
  });

  test('circular padding and a training-mode batch norm say why they do not export', () => {
    class Circular extends Module {
      forward(x: Tensor): Tensor {
        return F.pad(x, [1, 1], { mode: 'circular' });
      }
    }
    expect(thrown(() => exportOnnx(new Circular(), randn([1, 2, 3]))).message).toMatch(/circular padding/);
    class TrainingNorm extends Module {
      forward(x: Tensor): Tensor {
        return F.batchNorm(x, null, null, { training: true });
      }
    }
    expect(thrown(() => exportOnnx(new TrainingNorm(), randn([3, 2]))).message).toMatch(/training mode/);
  });
});

describe('bad options', () => {
  const model = new Sequential(new Linear(3, 2));
  const x = randn([4, 3]);

  test.each([
    [{ opsetVersion: 12 }, ValueError, 'exportOnnx: opsetVersion 12 is not supported; use 17 or 18'],
    [{ inputNames: ['a', 'b'] }, ValueError, 'exportOnnx: inputNames has 2 names for 1 example input'],
    [{ inputNames: [''] }, ValueError, 'exportOnnx: inputNames must be non-empty strings, got ""'],
    [{ outputNames: ['y', 'z'] }, ValueError, 'exportOnnx: outputNames has 2 names, but forward returned 1 tensors'],
    [{ outputNames: ['input'] }, ValueError, "exportOnnx: 'input' names both an input and an output"],
    [
      { outputNames: ['0.weight'] },
      ValueError,
      "exportOnnx: '0.weight' is the state-dict key of a parameter or buffer",
    ],
    [
      { dynamicAxes: { x: [0] } },
      ValueError,
      "exportOnnx: dynamicAxes names 'x', which is neither an input (input) nor an output (output)",
    ],
    [
      { dynamicAxes: { input: { 2: 'batch' } } },
      IndexError,
      "exportOnnx: dynamicAxes['input'] names axis 2, out of range for 'input' of shape [4, 3]",
    ],
    [{ dynamicAxes: { input: { 0: '' } } }, ValueError, "exportOnnx: dynamicAxes['input'][0] must be a non-empty name"],
  ] as const)('%j', (options, type, message) => {
    const opts =
      'outputNames' in options || !('dynamicAxes' in options && 'x' in options.dynamicAxes)
        ? options
        : { ...options, outputNames: ['output'] };
    const error = thrown(() => exportOnnx(model, x, opts));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(message);
  });

  test('the model and the inputs are checked', () => {
    expect(thrown(() => exportOnnx({ forward: () => x } as unknown as Module, x)).message).toBe(
      'exportOnnx: model must be a Module, got Object',
    );
    expect(thrown(() => exportOnnx(model, [x, [1, 2]] as unknown as Tensor[])).message).toBe(
      'exportOnnx: example input 1 must be a Tensor, got an array',
    );
  });
});

describe('forwards the trace cannot follow', () => {
  test('an in-place write to a traced tensor', () => {
    class InPlace extends Module {
      fc = new Linear(3, 3);
      forward(x: Tensor): Tensor {
        return this.fc.forward(x).relu_().add(1);
      }
    }
    const error = thrown(() => exportOnnx(new InPlace(), randn([2, 3])));
    expect(error).toBeInstanceOf(OnnxExportError);
    expect(error.message).toMatch(/written in place .* before op 'add' read it in the model \(InPlace\)/);
  });

  test('ops that change with a dynamic axis, and constants that follow one or hide a computation', () => {
    class Branches extends Module {
      forward(x: Tensor): Tensor {
        return x.shape[0]! > 2 ? x.mul(2) : x.add(1);
      }
    }
    const dynamic = { dynamicAxes: { input: { 0: 'batch' } } };
    expect(thrown(() => exportOnnx(new Branches(), randn([2, 3]), dynamic)).message).toMatch(
      /runs other ops when a dynamic axis grows \(op 1: 'add', then 'mul', in the model \(Branches\)\)/,
    );
    class MadeZeros extends Module {
      forward(x: Tensor): Tensor {
        return x.add(zeros([x.shape[0]!, 3]).add(1));
      }
    }
    // Fine for the example's batch size; with the batch dynamic, the constant would be wrong.
    expect(exportOnnx(new MadeZeros(), randn([2, 3]))).toBeInstanceOf(Uint8Array);
    expect(thrown(() => exportOnnx(new MadeZeros(), randn([2, 3]), dynamic)).message).toMatch(
      /reads a tensor made in forward whose shape follows a dynamic axis \(\[2, 3\], then \[3, 3\]\)/,
    );
    class Hidden extends Module {
      forward(x: Tensor): Tensor {
        return x.add(fromNDArray(x.array.sum(0))); // computed from x outside the ops
      }
    }
    expect(thrown(() => exportOnnx(new Hidden(), randn([2, 3]), dynamic)).message).toMatch(
      /reads a tensor whose values change with the inputs but that no torchlet op computed/,
    );
    class View extends Module {
      forward(x: Tensor): Tensor {
        return x.relu().add(fromNDArray(x.array.narrow(1, 0, 1)));
      }
    }
    expect(thrown(() => exportOnnx(new View(), randn([2, 3]))).message).toMatch(/shares memory with a traced one/);
  });

  test('detach() and .data read the tensor they alias', () => {
    class Detached extends Module {
      fc = new Linear(3, 3);
      forward(x: Tensor): Tensor {
        return this.fc.forward(x.detach()).add(this.fc.weight.data.sum());
      }
    }
    const bytes = exportOnnx(new Detached(), randn([2, 3]), { dynamicAxes: { input: [0] } });
    expect(bytes).toBeInstanceOf(Uint8Array);
  });

  test('after a failed export the model is as it was: training mode and its own forward', () => {
    const inner = new Unfolder();
    const model = new Sequential(new Linear(2, 2), inner);
    expect(() => exportOnnx(model, randn([1, 1, 2, 2]))).toThrow(UnsupportedOpError);
    expect([...model.modules()].every((m) => m.training)).toBe(true);
    expect(Object.hasOwn(inner, 'forward')).toBe(false);
    expect(inner.forward).toBe(Unfolder.prototype.forward);
  });
});
