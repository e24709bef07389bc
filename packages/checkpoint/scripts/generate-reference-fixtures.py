"""Writes the golden files of test/fixtures/reference/ with the reference implementation,
safetensors' own `safetensors.torch.save_file`, and their tensors in reference.fixtures.json, which
src/reference.test.ts checks encodeSafetensors and decodeSafetensors against.

Needs PyTorch 1.13 and the `safetensors` Python package (0.8.0 wrote the committed files; it is not
a Debian package: `python3 -m venv --system-site-packages /tmp/st && /tmp/st/bin/pip install
safetensors==0.8.0`). Run from packages/checkpoint: `/tmp/st/bin/python scripts/generate-reference-fixtures.py`.
The tests never need Python. The JSON goes through the workspace's prettier (the file is in
.prettierignore, so nothing else reformats it); without node it is written unformatted, with the
same values.

In the JSON each tensor has its dtype, shape and row-major values (floats as
t.double().tolist(), so float16/bfloat16/float32 values are their roundings; NaN and infinities as
'nan', 'inf', '-inf'; bools as 1/0). No randomness: every value is written out.
"""
import json
import math
import os
import subprocess

import safetensors
import torch
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(HERE, '..', 'test', 'fixtures', 'reference')
DTYPES = {torch.float32: 'float32', torch.float64: 'float64', torch.int32: 'int32', torch.bool: 'bool',
          torch.float16: 'float16', torch.bfloat16: 'bfloat16', torch.int64: 'int64', torch.uint8: 'uint8'}
nan = math.nan
inf = math.inf


def t(values, dtype=torch.float32):
    return torch.tensor(values, dtype=dtype)


# Per file: the tensors in the order save_file receives them (the file sorts them itself), and
# the metadata.
FILES = {
    # The state dict of torch.nn.Sequential(torch.nn.Linear(2, 1)), with readable values.
    'linear.safetensors': ({'0.weight': t([[0.5, -1.25]]), '0.bias': t([0.75])}, None),
    # Every dtype torchlet writes; a 0-d and an empty tensor; values whose bits matter (infinities,
    # NaN, -0, the smallest subnormal, int32's extremes); bools of odd lengths, which leave the data
    # unaligned; names that sort differently by UTF-16 code unit and by UTF-8 byte.
    'mixed.safetensors': ({
        'w64': t([[1.0, -2.5], [3.25, 1e-300]], torch.float64),
        'b.scalar': t(3.5),
        'a.empty': torch.zeros(0, 3),
        'f32': t([inf, -inf, nan, -0.0, 2 ** -149]),
        'counts': t([[-2147483648, 2147483647, 0]], torch.int32),
        'mask': t([True, False, True], torch.bool),
        'odd': t([True, False, True, True, False], torch.bool),
        '\u00e9': t([1.0]),
        '\uff01': t([2.0]),
        '\U0001f600': t([3.0]),
        'z': t([4.0]),
    }, None),
    'metadata.safetensors': ({'x': t([1.0, 2.0])}, {'format': 'pt'}),
    'empty.safetensors': ({}, None),
    # The dtypes torchlet only reads, converted on load: float16 and bfloat16 (their extremes,
    # subnormals, non-finite values), int64 and uint8 within int32.
    'read-dtypes.safetensors': ({
        'half': t([0.0, -0.0, 1.0, -2.0, 65504.0, 2 ** -14, 2 ** -24, 0.1, inf, -inf, nan], torch.float16),
        'bhalf': t([0.0, -1.0, 3.14159, 1e38, -1e-38, inf, nan], torch.bfloat16),
        'long': t([[0, -1, 2147483647], [-2147483648, 42, -42]], torch.int64),
        'bytes': t([0, 1, 127, 128, 255], torch.uint8),
        'flags': t([True, False], torch.bool),
        'f': t([0.25]),
    }, None),
    # An int64 value torchlet's int32 cannot hold: decoding must fail and name it.
    'i64-overflow.safetensors': ({'big': t([1, 2 ** 40], torch.int64)}, None),
}


def encode(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return 'nan' if math.isnan(value) else ('inf' if value > 0 else '-inf')
    return value


def describe(x):
    flat = x.reshape(-1)
    values = flat.double().tolist() if x.is_floating_point() else flat.tolist()
    return {'dtype': DTYPES[x.dtype], 'shape': list(x.shape), 'values': [encode(v) for v in values]}


def pretty(text):
    try:
        done = subprocess.run(['npx', '--no-install', 'prettier', '--parser', 'json'], input=text, capture_output=True,
                              text=True, cwd=HERE, check=True)
        return done.stdout
    except (OSError, subprocess.CalledProcessError) as error:
        print(f'prettier unavailable ({error}); writing unformatted JSON')
        return text + '\n'


described = {}
for name, (tensors, metadata) in FILES.items():
    save_file(tensors, os.path.join(FOLDER, name), metadata=metadata)
    described[name] = {'tensors': {k: describe(v) for k, v in tensors.items()}, 'metadata': metadata or {}}

generator = f'safetensors {safetensors.__version__} (safetensors.torch.save_file), torch {torch.__version__}'
with open(os.path.join(FOLDER, 'reference.fixtures.json'), 'w') as f:
    f.write(pretty(json.dumps({'generator': generator, 'files': described}, indent=2)))
print(f'wrote {len(FILES)} files and reference.fixtures.json to {os.path.normpath(FOLDER)}')
