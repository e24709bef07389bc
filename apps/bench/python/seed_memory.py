"""Memory of the tutorial's scratch program on PyTorch, for apps/bench's memory workload.

    python3 seed_memory.py program FIXTURES_DIR   runs seed_scratch.py itself (3 epochs)
    python3 seed_memory.py epochs N               the same loop for N epochs, RSS after each

Prints JSON lines like the JavaScript children: {"epoch", "rssMb", "heapMb"} per epoch (epochs
mode), then {"done": true, "maxRssMb"}: the peak resident set size (VmHWM).
"""
import contextlib
import io
import json
import os
import random
import resource
import runpy
import sys

import torch

PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / MB


def peak_rss_mb():
    """VmHWM: getrusage's ru_maxrss would include the high-water mark of the forked bench process."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def done():
    print(json.dumps({"done": True, "maxRssMb": peak_rss_mb()}), flush=True)


def run_program(fixtures):
    path = os.path.join(fixtures, "seed_scratch.py")
    sys.argv = [path, "0"]
    with contextlib.redirect_stdout(io.StringIO()):
        runpy.run_path(path, run_name="__main__")
    done()


def run_epochs(num_epochs):
    # The seed's own code (fixtures/pytorch/seed_scratch.py), with the epoch count as a parameter.
    torch.manual_seed(0)
    random.seed(0)

    def synthetic_data(w, b, num_example):
        x = torch.normal(0, 1, size=(num_example, len(w)))
        y = torch.matmul(x, w) + b
        y += torch.normal(0, 0.01, y.shape)
        return x, y.reshape((-1, 1))

    true_w = torch.tensor([2, -3.4])
    true_b = 4.2
    features, labels = synthetic_data(true_w, true_b, 1000)

    def data_iter(batch_size, features, labels):
        num_examples = len(features)
        indices = list(range(num_examples))
        random.shuffle(indices)
        for i in range(0, num_examples, batch_size):
            batch_indices = indices[i : min(i + batch_size, num_examples)]
            yield features[batch_indices], labels[batch_indices]

    batch_size = 10
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    def linreg(x, w, b):
        return torch.matmul(x, w) + b

    def squared_loss(y_hat, y):
        return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2

    def sgd(params, lr, batch_size):
        with torch.no_grad():
            for param in params:
                param -= lr * param.grad / batch_size
                param.grad.zero_()

    lr = 0.03
    for epoch in range(num_epochs):
        for x, y in data_iter(batch_size, features, labels):
            l = squared_loss(linreg(x, w, b), y)
            l.sum().backward()
            sgd([w, b], lr, batch_size)
        with torch.no_grad():
            float(squared_loss(linreg(features, w, b), labels).mean())
        print(json.dumps({"epoch": epoch + 1, "rssMb": rss_mb(), "heapMb": None}), flush=True)
    done()


if __name__ == "__main__":
    if sys.argv[1] == "program":
        run_program(sys.argv[2])
    else:
        run_epochs(int(sys.argv[2]))
