"""Writes src/format.fixtures.json: PyTorch's repr() of tensors, which src/format.test.ts asks
formatTensor to reproduce character for character.

Run with PyTorch 1.13 (`/usr/bin/python3 scripts/generate-format-fixtures.py` from
packages/tensor); the tests never need Python. The JSON goes through the workspace's prettier (the
file is in .prettierignore, so nothing else reformats it); without node it is written unformatted,
with the same values.

Each case: `name`, `shape`, `dtype`, `values` (row-major as stored, so float32 values are their
float32 roundings; NaN and infinities as the strings 'nan', 'inf', '-inf'; bools as 1/0),
`suffixes` (what repr prints after the data: requires_grad=True or grad_fn=<...>), `expected`
(repr(tensor)) and, when not the defaults, `options` (torch.set_printoptions, camelCase names).
No randomness: every tensor is written out or built from arange/linspace/logspace.
"""
import json
import math
import os
import subprocess

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'src', 'format.fixtures.json')
PRINT_OPTION_NAMES = {'precision': 'precision', 'sciMode': 'sci_mode', 'threshold': 'threshold',
                      'edgeItems': 'edgeitems', 'lineWidth': 'linewidth'}
DTYPES = {torch.float32: 'float32', torch.float64: 'float64', torch.int32: 'int32', torch.bool: 'bool'}
f64 = torch.float64
i32 = torch.int32
nan = math.nan
inf = math.inf


def t(values, dtype=torch.float32, **kwargs):
    return torch.tensor(values, dtype=dtype, **kwargs)


def grad(values, dtype=torch.float32):
    if isinstance(values, torch.Tensor):
        return values.detach().clone().requires_grad_()
    return torch.tensor(values, dtype=dtype, requires_grad=True)


def times_one(values, dtype=torch.float32):
    """The values unchanged, with grad_fn=<MulBackward0>."""
    return grad(values, dtype) * 1


def mixed(n):
    """n values in [-6.25, 6.25] in eighths, no visible pattern: big enough to summarize."""
    return torch.tensor([((i * 37) % 101 - 50) / 8 for i in range(n)])


def encode(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return 'nan' if math.isnan(value) else ('inf' if value > 0 else '-inf')
    return value


def suffixes(x):
    if x.grad_fn is not None:
        return [f'grad_fn=<{x.grad_fn.name()}>']
    return ['requires_grad=True'] if x.requires_grad else []


def case(name, x, options=None):
    torch.set_printoptions(profile='default')
    if options:
        torch.set_printoptions(**{PRINT_OPTION_NAMES[k]: v for k, v in options.items()})
    expected = repr(x)
    torch.set_printoptions(profile='default')
    entry = {
        'name': name,
        'shape': list(x.shape),
        'dtype': DTYPES[x.dtype],
        'values': [encode(v) for v in x.detach().reshape(-1).tolist()],
        'suffixes': suffixes(x),
        'expected': expected,
    }
    if options:
        entry['options'] = options
    return entry


cases = [
    case('0d float', t(3.5)),
    case('0d int-valued float', t(2.0)),
    case('0d negative tiny', t(-1.5e-7)),
    case('0d float64', t(3.14159265, f64)),
    case('0d int32', t(-42, i32)),
    case('0d bool', t(True, torch.bool)),
    case('0d nan', t(nan)),
    case('0d -inf', t(-inf)),
    case('0d zero', t(0.0)),
    case('0d huge', t(3e20)),
    case('0d requires_grad', grad(1.25)),
    case('1d ints in floats', t([1.0, 2.0, 3.0])),
    case('1d negative ints in floats', t([-1.0, 20.0, -300.0])),
    case('1d fractional', t([0.1, 0.25, -1.5, 10.0])),
    case('1d round half even', t([0.03125, 0.09375, 1.5])),
    case('1d sci ratio', t([0.5, 1500.0])),
    case('1d sci ratio ints', t([1.0, 123445.0])),
    case('1d sci big', t([1.5e8, 2.5e8])),
    case('1d int big', t([2e8, 3e8])),
    case('1d sci tiny', t([1e-5, 2e-5])),
    case('1d sci huge exponent', t([1e-300, 1e300], f64)),
    case('1d subnormal', t([5e-324, 1.0], f64)),
    case('1d nan inf', t([nan, inf, -inf, 1.5])),
    case('1d nan inf ints', t([nan, inf, -inf, 2.0])),
    case('1d only nonfinite', t([nan, -inf])),
    case('1d zeros', torch.zeros(4)),
    case('1d zero and nan', t([0.0, nan])),
    case('1d negative zero', t([-0.0, 1.5])),
    case('1d negative zero sci', t([-0.0, 1e-6])),
    case('1d float64', t([1.0, 2.5, -3.125], f64)),
    case('1d float64 ints', t([1.0, 2.0], f64)),
    case('1d int32', t([1, -20, 300], i32)),
    case('1d bool', t([True, False, True], torch.bool)),
    case('1d all true', t([True, True], torch.bool)),
    # Products, not literals: 3 * float32(0.3) is not float32(0.9).
    case('1d float32 rounding', t([1.0, 2.0, 3.0]) * t(0.3)),
    case('1d wrap float', torch.linspace(-1, 1, 30)),
    case('1d wrap ints', torch.arange(40.0)),
    case('1d wrap int32', torch.arange(100, 160, dtype=i32)),
    case('1d wrap sci', torch.logspace(-6, 6, 20)),
    case('1d wrap bool', torch.arange(25) % 3 == 0),
    case('1d summarized', mixed(1100)),
    case('1d summarized middle ignored', torch.cat([torch.arange(500.0), t([1e10]), torch.arange(500.0)])),
    case('1d summarized int32', torch.arange(-500, 600, dtype=i32)),
    case('1d summarized bool', torch.arange(1001) % 2 == 0),
    case('1d grad_fn mul', times_one([0.0003, -0.0011])),
    case('1d grad_fn rsub', 1 - grad([0.9993])),
    case('1d requires_grad', grad([1.0, 2.0])),
    case('1d float64 requires_grad', grad([1.0, 2.0], f64)),
    case('1d long row grad_fn wraps suffix', times_one(torch.arange(14.0) / 3)),
    case('1d suffix overflow', torch.arange(8.0, dtype=f64, requires_grad=True) * 1000.5),
    case('2d basic', t([[1.0, 2.0], [3.0, 4.0]])),
    case('2d mixed', t([[1.5, -2.25, 3.0], [100.125, 0.5, -0.75]])),
    case('2d sci', t([[1e-5, 1.0], [1000.0, -2.5]])),
    case('2d int32', t([[1, 2, 3], [-4, 50, 600]], i32)),
    case('2d bool', t([[True, False], [False, True]], torch.bool)),
    case('2d float64', t([[0.5, 0.25], [0.125, 1.0]], f64)),
    case('2d wrap rows', (torch.arange(60.0) / 7).reshape(2, 30)),
    case('2d summarized', mixed(1040).reshape(26, 40)),
    case('2d summarized few cols', mixed(1006).reshape(503, 2)),
    case('2d summarized few rows', mixed(1006).reshape(2, 503)),
    case('2d grad_fn', grad([[1.0, 2.0], [3.0, 4.0]]) * 0.5),
    case('2d single column', t([[1.0], [2.5], [-3.0]])),
    case('3d basic', torch.arange(24.0).reshape(2, 3, 4)),
    case('3d fractional', (torch.arange(12.0) / 4 - 1).reshape(3, 2, 2)),
    case('3d int32', torch.arange(8, dtype=i32).reshape(2, 2, 2)),
    case('3d summarized', mixed(1100).reshape(11, 10, 10)),
    case('3d summarized mixed', mixed(1040).reshape(2, 26, 20)),
    case('4d basic', (torch.arange(16.0) / 2).reshape(2, 2, 2, 2)),
    case('4d summarized', mixed(1024).reshape(8, 2, 8, 8)),
    case('4d grad_fn', torch.ones(1, 1, 2, 2, requires_grad=True) * 2),
    case('empty 1d', torch.zeros(0)),
    case('empty 2d', torch.zeros(0, 3)),
    case('empty 3d', torch.zeros(2, 0, 3)),
    case('empty float64', torch.zeros(0, dtype=f64)),
    case('empty int32', torch.zeros(0, dtype=i32)),
    case('empty bool', torch.zeros(0, dtype=torch.bool)),
    case('empty 2d int32', torch.zeros(3, 0, dtype=i32)),
    case('empty requires_grad', torch.zeros(0, 2, requires_grad=True)),
    case('opt precision 2', t([1.12345, -2.5]), {'precision': 2}),
    case('opt precision 0', t([1.5, 2.5, 1e-6]), {'precision': 0}),
    case('opt sci_mode true', t([1.5, 2.25]), {'sciMode': True}),
    case('opt sci_mode true ints', t([1.0, 20.0]), {'sciMode': True}),
    case('opt sci_mode true zeros', torch.zeros(3), {'sciMode': True}),
    case('opt sci_mode false', t([1e-6, 1.0]), {'sciMode': False}),
    case('opt sci_mode false huge', t([1e25, 1.0], f64), {'sciMode': False}),
    case('opt sci_mode false huge ints', t([1e25, 3.0], f64), {'sciMode': False}),
    case('opt threshold', torch.arange(10, dtype=i32), {'threshold': 5}),
    case('opt threshold float', (torch.arange(10.0) / 2).reshape(2, 5), {'threshold': 5}),
    case('opt edgeitems', mixed(1200).reshape(30, 40), {'edgeItems': 1}),
    case('opt linewidth', torch.arange(20.0) / 3, {'lineWidth': 40}),
    case('opt linewidth narrow', times_one([[1.5, 2.5], [3.5, 4.5]]), {'lineWidth': 10}),
    case('1d suffix newline', torch.arange(12.0, dtype=f64, requires_grad=True) * 1000.5),
    case('1d ratio exactly 1000', t([0.5, 500.0])),
    case('1d float32 1e-4 is below', t([1e-4, 0.05])),
    case('1d float64 1e-4 is not below', t([1e-4, 0.05], f64)),
    case('1d int max exactly 1e8', t([1e8, 1e6])),
    case('1d int32 extremes', t([-2147483648, 2147483647, 0], i32)),
    case('1d sci ties', t([100005.0, 100015.0, 0.001], f64)),
    case('1d sci rounding carry', t([9.99996e-5, 1.0], f64)),
    case('1d fixed rounding carry', t([9.99996, 0.5], f64)),
    case('2d nan rows', t([[nan, 1.0], [2.0, -inf]])),
    case('opt precision 0 fixed', t([0.5, 1.5, 2.5, -0.5]), {'precision': 0}),
    case('opt precision 10', t([0.1, -2.7]), {'precision': 10}),
    case('opt precision 8 sci', t([0.1, 3e-7]), {'precision': 8}),
    case('opt sci_mode false huge fractional', t([1e25, 1.5], f64), {'sciMode': False}),
    case('opt sci_mode true 0d', t(0.125), {'sciMode': True}),
    case('opt sci_mode true nan', t([nan, 0.5, -inf]), {'sciMode': True}),
    case('opt threshold bool', (torch.arange(12) > 5).reshape(3, 4), {'threshold': 4, 'edgeItems': 1}),
    case('opt threshold 3d', torch.arange(60.0).reshape(5, 3, 4), {'threshold': 10, 'edgeItems': 2}),
]


def pretty(text):
    try:
        done = subprocess.run(['npx', '--no-install', 'prettier', '--parser', 'json'], input=text, capture_output=True,
                              text=True, cwd=HERE, check=True)
        return done.stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f'prettier unavailable ({error}); writing unformatted JSON')
        return text + '\n'


with open(OUT, 'w') as f:
    f.write(pretty(json.dumps(cases, indent=2)))
print(f'wrote {len(cases)} cases to {os.path.normpath(OUT)}')
