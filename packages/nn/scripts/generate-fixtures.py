"""Writes the PyTorch reference answers src/losses.test.ts and src/module.test.ts compare against.

Run with PyTorch 1.13 (`/usr/bin/python3 scripts/generate-fixtures.py` from packages/nn); the
tests read src/nn.fixtures.json and never need Python. The JSON goes through the workspace's
prettier (the file is in .prettierignore, so nothing else reformats it), which gives the committed
layout; without node it is written compact, with the same values.

- cases: the loss options beyond fixtures/pytorch/op-parity.json (cross_entropy with class
  weights and ignore_index, with probability targets, on a 1-d input; binary_cross_entropy_with_logits
  with pos_weight and weight), each for every reduction. Schema of op-parity.json without `op`
  (the id names the loss); only the first input takes a gradient. float64, seed 3, one random
  stream drawn in file order.
- reprs: str() of three modules, as PyTorch prints them.
- errors: the message of a load_state_dict that has every kind of problem at once.
"""
import json
import os
import subprocess

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'src', 'nn.fixtures.json')
torch.manual_seed(3)
torch.set_default_dtype(torch.float64)


def array(t):
    t = t.detach()
    dtype = 'int64' if t.dtype == torch.int64 else 'float64'
    return {'shape': list(t.shape), 'dtype': dtype, 'data': t.reshape(-1).tolist()}


def case(case_id, fn, inputs, kwargs):
    xs = [x.clone().requires_grad_(i == 0) for i, x in enumerate(inputs)]
    out = fn(*xs, **kwargs)
    grad_out = torch.randn(out.shape)
    out.backward(grad_out)
    return {
        'id': case_id,
        'kwargs': kwargs,
        'inputs': [array(x) for x in xs],
        'output': array(out),
        'gradOutput': array(grad_out),
        'grads': [array(x.grad) if x.grad is not None else None for x in xs],
    }


REDUCTIONS = ['mean', 'sum', 'none']


def loss_cases():
    cases = []
    logits = torch.randn(5, 4)
    labels = torch.tensor([0, 3, 1, -100, 2])
    weight = torch.rand(4) + 0.5
    for reduction in REDUCTIONS:
        cases.append(case(f'ce/weight-ignore/{reduction}',
                          lambda x, y, w, **k: F.cross_entropy(x, y, weight=w, ignore_index=-100, **k),
                          [logits, labels, weight], {'reduction': reduction}))
    probs = torch.softmax(torch.randn(5, 4), 1)
    for reduction in REDUCTIONS:
        cases.append(case(f'ce/probs/{reduction}', lambda x, p, **k: F.cross_entropy(x, p, **k), [logits, probs],
                          {'reduction': reduction}))
    cases.append(case('ce/1d', lambda x, y, **k: F.cross_entropy(x, y, **k), [logits[0], torch.tensor(0)],
                      {'reduction': 'mean'}))
    z = torch.randn(4, 3) * 3
    targets = torch.rand(4, 3)
    pos_weight = torch.rand(3) + 0.5
    bce_weight = torch.rand(4, 3)
    for reduction in REDUCTIONS:
        cases.append(case(f'bce/posweight-weight/{reduction}',
                          lambda z, t, pw, w, **k: F.binary_cross_entropy_with_logits(z, t, pos_weight=pw, weight=w, **k),
                          [z, targets, pos_weight, bce_weight], {'reduction': reduction}))
    return cases


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(3, 4), nn.Tanh())
        self.head = nn.Linear(4, 2)


def reprs():
    mlp = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10, bias=False),
                        nn.Softmax(dim=1))
    return {'seq': str(nn.Sequential(nn.Linear(2, 1))), 'mlp': str(mlp), 'nested': str(Net())}


def load_error():
    model = nn.Sequential(nn.Linear(2, 1))
    try:
        model.load_state_dict({'0.weight': torch.zeros(1, 3), '1.bias': torch.zeros(1)})
    except RuntimeError as error:
        return str(error)
    raise AssertionError('load_state_dict accepted a bad state dict')


def pretty(text):
    try:
        done = subprocess.run(['npx', '--no-install', 'prettier', '--parser', 'json'], input=text, capture_output=True,
                              text=True, cwd=HERE, check=True)
        return done.stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f'prettier unavailable ({error}); writing compact JSON')
        return text + '\n'


fixtures = {'cases': loss_cases(), 'reprs': reprs(), 'errors': {'load': load_error()}}
with open(OUT, 'w') as f:
    f.write(pretty(json.dumps(fixtures)))
print(f"wrote {len(fixtures['cases'])} loss cases, {len(fixtures['reprs'])} reprs and 1 error to {os.path.normpath(OUT)}")
