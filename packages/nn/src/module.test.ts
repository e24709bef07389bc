import { ones, tensor, zeros, type Tensor } from '@torchlet/autograd';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  Dropout,
  Flatten,
  Linear,
  Module,
  Parameter,
  ReLU,
  Sequential,
  Softmax,
  StateDictError,
  Tanh,
} from './index.js';

const fixtures = JSON.parse(readFileSync(new URL('./nn.fixtures.json', import.meta.url), 'utf8')) as {
  reprs: Record<string, string>;
  errors: Record<string, string>;
};

class Net extends Module {
  body = new Sequential(new Linear(3, 4), new Tanh());
  head = new Linear(4, 2);
  forward(x: Tensor): Tensor {
    return this.head.forward(this.body.forward(x));
  }
}

class WithBuffer extends Module {
  scale = new Parameter(ones([2]));
  constructor() {
    super();
    this.registerBuffer('runningMean', zeros([2]));
    this.registerBuffer('scratch', zeros([1]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    return x.mul(this.scale);
  }
}

describe('Module', () => {
  test("finds parameters by walking fields, with PyTorch's keys", () => {
    expect(new Net().namedParameters().map(([k, p]) => [k, p.shape])).toEqual([
      ['body.0.weight', [4, 3]],
      ['body.0.bias', [4]],
      ['head.weight', [2, 4]],
      ['head.bias', [2]],
    ]);
    expect(new Sequential(new Linear(2, 1)).parameters().length).toBe(2);
    expect([...new Net().namedChildren()].map(([k]) => k)).toEqual(['body', 'head']);
    expect([...new Net().namedModules()].map(([k]) => k)).toEqual(['', 'body', 'body.0', 'body.1', 'head']);
  });

  test('prints like PyTorch', () => {
    expect(String(new Sequential(new Linear(2, 1)))).toBe(fixtures.reprs['seq']);
    const mlp = new Sequential(
      new Flatten(),
      new Linear(784, 256),
      new ReLU(),
      new Dropout(0.2),
      new Linear(256, 10, { bias: false }),
      new Softmax(1),
    );
    expect(String(mlp)).toBe(fixtures.reprs['mlp']);
    expect(String(new Net())).toBe(fixtures.reprs['nested']);
  });

  test('typed indexing: model[0] is the Linear', () => {
    const model = new Sequential(new Linear(2, 1), new ReLU());
    const weight: Parameter = model[0].weight; // type-checks only if model[0] is typed as Linear
    model[0].bias.data.fill_(0); // the tutorial's line, with no null assertion
    expect(weight.shape).toEqual([1, 2]);
    const noBias = new Sequential(new Linear(2, 1, { bias: false }));
    // @ts-expect-error a Linear built with { bias: false } has a null bias, and the type says so
    expect(() => noBias[0].bias.data).toThrow(TypeError);
    expect(model.at(-1)).toBeInstanceOf(ReLU);
    expect(model.length).toBe(2);
    expect(() => model.at(2)).toThrow('Sequential: index 2 is out of range for 2 modules');
    expect([...model].length).toBe(2);
  });

  test('stateDict shares storage, and loadStateDict copies values in', () => {
    const a = new Sequential(new Linear(2, 1));
    const b = new Sequential(new Linear(2, 1));
    const state = a.stateDict();
    expect(Object.keys(state)).toEqual(['0.weight', '0.bias']);
    expect(state['0.weight']!.requiresGrad).toBe(false);
    expect(b.loadStateDict(state)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b[0].weight.toArray()).toEqual(a[0].weight.toArray());
    b[0].weight.data.fill_(7);
    expect(a[0].weight.toArray()).not.toEqual([[7, 7]]);
  });

  test("loadStateDict reports every problem at once, in PyTorch's words", () => {
    const model = new Sequential(new Linear(2, 1));
    const bad = { '0.weight': zeros([1, 3]), '1.bias': zeros([1]) };
    const expected = fixtures.errors['load']!.replaceAll(/torch\.Size\((\[[^\]]*\])\)/g, '$1');
    expect(() => model.loadStateDict(bad)).toThrow(new StateDictError(expected));
    const before = model[0].weight.toArray();
    expect(() => model.loadStateDict(bad, { strict: false })).toThrow(/size mismatch for 0.weight/);
    expect(model[0].weight.toArray()).toEqual(before); // nothing copied when anything is wrong
    expect(model.loadStateDict({ '0.weight': ones([1, 2]), extra: ones([1]) }, { strict: false })).toEqual({
      missingKeys: ['0.bias'],
      unexpectedKeys: ['extra'],
    });
    expect(model[0].weight.toArray()).toEqual([[1, 1]]);
  });

  test('buffers: persistent ones are state, others are not', () => {
    const m = new WithBuffer();
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'runningMean']);
    expect(m.buffers().length).toBe(2);
    expect(m.parameters().length).toBe(1);
  });

  test('train/eval reach every sub-module; zeroGrad; apply', () => {
    const net = new Net().eval();
    expect([...net.modules()].every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.body.training).toBe(true);
    net.head
      .forward(ones([1, 4]))
      .sum()
      .backward();
    expect(net.head.weight.grad).not.toBeNull();
    net.zeroGrad({ setToNone: false });
    expect(net.head.weight.grad!.toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    net.zeroGrad();
    expect(net.head.weight.grad).toBeNull();
    const visited: string[] = [];
    net.apply((m) => visited.push(m.constructor.name));
    expect(visited).toEqual(['Linear', 'Tanh', 'SequentialModule', 'Linear', 'Net']);
  });

  test('a parameter shared by two modules is listed once', () => {
    const shared = new Linear(2, 2);
    expect(new Sequential(shared, shared).parameters().length).toBe(2);
  });

  test('Parameter prints with its header', () => {
    expect(String(new Parameter(tensor([1, 2])))).toBe('Parameter containing:\ntensor([1., 2.], requires_grad=True)');
  });
});
