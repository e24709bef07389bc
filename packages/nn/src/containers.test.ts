import { manualSeed, noGrad, ones, randn, tensor, zeros, type Tensor } from '@torchlet/autograd';
import { describe, expect, test } from 'vitest';
import {
  BatchNorm1d,
  CrossEntropyLoss,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  Parameter,
  ParameterDict,
  ParameterList,
  ReLU,
  Sequential,
  StateDictError,
} from './index.js';

/** Sub-layers held every way PyTorch users expect: plain array and object, containers, registered names. */
class Holder extends Module {
  plain = [new Linear(3, 4), new Linear(4, 4)];
  named = { head: new Linear(4, 2) };
  list = new ModuleList([new ReLU()]);
  dict = new ModuleDict({ extra: new Linear(2, 2) });
  scales = new ParameterList([new Parameter(ones([2]))]);
  shifts = new ParameterDict({ out: new Parameter(zeros([2])) });
  constructor() {
    super();
    this.registerModule('gate_l0', new Linear(2, 2));
    this.registerParameter('bias_l0', new Parameter(zeros([2])));
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.plain) y = layer.forward(y).relu();
    y = this.named.head.forward(y);
    for (const layer of this.list) y = (layer as ReLU).forward(y);
    y = this.dict.get('extra')!.forward(y).mul(this.scales.at(0)).add(this.shifts.get('out')!);
    const gate = (this as unknown as Record<string, Linear>)['gate_l0']!;
    return gate.forward(y).add((this as unknown as Record<string, Parameter>)['bias_l0']!);
  }
}

describe('module plumbing', () => {
  test("a layer holding sub-layers in every supported way has PyTorch's keys, trains and round-trips", () => {
    manualSeed(0);
    const model = new Holder();
    // The module's own parameters first, then each child's, as PyTorch orders a state dict.
    expect(Object.keys(model.stateDict())).toEqual([
      'bias_l0',
      'plain.0.weight',
      'plain.0.bias',
      'plain.1.weight',
      'plain.1.bias',
      'named.head.weight',
      'named.head.bias',
      'dict.extra.weight',
      'dict.extra.bias',
      'scales.0',
      'shifts.out',
      'gate_l0.weight',
      'gate_l0.bias',
    ]);
    const x = randn([16, 3]);
    const y = randn([16, 2]);
    const loss = () => model.forward(x).sub(y).pow(2).mean();
    const first = loss().item();
    loss().backward();
    // Every parameter, however it is held, takes part in training.
    for (const [key, p] of model.namedParameters()) expect(p.grad?.abs().sum().item(), key).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) {
      model.zeroGrad();
      loss().backward();
      noGrad(() => {
        for (const p of model.parameters()) p.sub_(p.grad!.mul(0.05));
      });
    }
    expect(loss().item()).toBeLessThan(first * 0.95);
    const copy = new Holder();
    copy.loadStateDict(model.stateDict());
    expect(copy.forward(x).toArray()).toEqual(model.forward(x).toArray());
  });

  test('a plain tensor field that is not registered is refused, naming the field and the fix', () => {
    class Masked extends Module {
      weight = new Parameter(ones([2]));
      mask = tensor([1, 0]);
      forward(x: Tensor): Tensor {
        return x.mul(this.weight).mul(this.mask);
      }
    }
    expect(() => new Masked().stateDict()).toThrow(StateDictError);
    expect(() => new Masked().stateDict()).toThrow(
      /field "mask" holds a Tensor .*this\.registerBuffer\('mask', tensor\)/,
    );
    class Registered extends Masked {
      constructor() {
        super();
        this.registerBuffer('mask', tensor([1, 0]), { persistent: false });
      }
    }
    expect(Object.keys(new Registered().stateDict())).toEqual(['weight']);
    // A cached result of an op is not state.
    class Caching extends Module {
      weight = new Parameter(ones([2]));
      last: Tensor | null = null;
      forward(x: Tensor): Tensor {
        this.last = x.mul(this.weight);
        return this.last;
      }
    }
    const caching = new Caching();
    caching.forward(ones([2]));
    expect(Object.keys(caching.stateDict())).toEqual(['weight']);
  });

  test('Sequential: append, insert, pop, slice; a non-module fails at construction', () => {
    const a = new Linear(2, 3);
    const b = new ReLU();
    const c = new Linear(3, 1);
    const model = new Sequential(a, c);
    model.insert(1, b);
    expect([...model]).toEqual([a, b, c]);
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const tail = model.slice(1);
    expect([...tail]).toEqual([b, c]);
    expect(tail.forward(ones([4, 3])).shape).toEqual([4, 1]);
    expect(model.pop()).toBe(c);
    expect(model.length).toBe(2);
    expect(() => new Sequential(new Linear(2, 1), 'relu' as unknown as Module)).toThrow(
      'Sequential: item 1 must be a Module, got string',
    );
    expect(() => new ModuleList([ones([2]) as unknown as Module])).toThrow(
      'ModuleList: item 0 must be a Module, got Tensor',
    );
    expect(() => new ModuleDict({ 'a.b': new ReLU() })).toThrow(/invalid key "a.b"/);
  });

  test('loadStateDict refuses values that are not tensors and changes nothing when any value fails', () => {
    const model = new Sequential(new Linear(2, 1), new BatchNorm1d(1));
    const good = model.stateDict();
    const before = JSON.stringify(Object.values(good).map((t) => t.toArray()));
    for (const bad of [3, [1, 2], null]) {
      expect(() => model.loadStateDict({ ...good, '0.bias': bad as unknown as Tensor })).toThrow(
        /value for 0.bias must be a Tensor or an NDArray/,
      );
    }
    expect(() => model.loadStateDict(null as unknown as Record<string, Tensor>)).toThrow(StateDictError);
    // The weight would load, but NaN cannot become the int32 counter: nothing is written.
    const fresh = Object.fromEntries(Object.entries(good).map(([k, v]) => [k, v.add(1)]));
    fresh['1.num_batches_tracked'] = tensor(Number.NaN);
    expect(() => model.loadStateDict(fresh)).toThrow(/num_batches_tracked/);
    expect(JSON.stringify(Object.values(model.stateDict()).map((t) => t.toArray()))).toBe(before);
  });

  test("losses keep their class weights as PyTorch's buffers", () => {
    expect(Object.keys(new CrossEntropyLoss({ weight: ones([3]) }).stateDict())).toEqual(['weight']);
    expect(Object.keys(new CrossEntropyLoss().stateDict())).toEqual([]);
  });
});
