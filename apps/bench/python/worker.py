"""The PyTorch side of apps/bench: one long-lived process, one JSON line per request and reply.

    {"id": 1, "command": "prepare", "workload": "matmul", "params": {...}}  -> {"id": 1, "ok": true, "handle": 7}
    {"id": 2, "command": "run", "handle": 7, "iterations": 50}              -> {"id": 2, "ok": true, "seconds": 0.21}
    {"id": 3, "command": "dispose", "handle": 7}

Each case times its own work with time.perf_counter, so the pipe costs nothing in the figures.
The seed workloads run the tutorial programs themselves (fixtures/pytorch/seed_*.py) and report
the `train_seconds` they print. Arguments: the fixtures directory, then the thread count for torch
and its BLAS. The first line says which BLAS and kernel core torch runs on (see blas.py).
"""
import contextlib
import io
import json
import os
import re
import runpy
import sys
import time

try:
    import torch
except ImportError as error:  # the bench reports this line and skips PyTorch
    print(f"torch cannot be imported: {error}", file=sys.stderr)
    sys.exit(3)

import blas  # noqa: E402 (after torch: it reports on torch's BLAS)

FIXTURES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../fixtures/pytorch")
# The bench passes torchlet's thread counts: products (its GEMM) and the other ops (one thread).
BLAS_THREADS = int(sys.argv[2]) if len(sys.argv) > 2 else None
TORCH_THREADS = int(sys.argv[3]) if len(sys.argv) > 3 else 1


class SeedProgram:
    """Runs a tutorial program file as `python3 file seed` would, and reads its train_seconds."""

    def __init__(self, file, seed):
        self.path = os.path.join(FIXTURES, file)
        self.seed = seed
        if not os.path.exists(self.path):
            raise FileNotFoundError(self.path)

    def run(self, iterations):
        seconds = 0.0
        loss = float("nan")
        for _ in range(iterations):
            output = io.StringIO()
            argv = sys.argv
            sys.argv = [self.path, str(self.seed)]
            try:
                with contextlib.redirect_stdout(output):
                    runpy.run_path(self.path, run_name="__main__")
            finally:
                sys.argv = argv
            text = output.getvalue()
            seconds += float(re.search(r"train_seconds ([0-9.]+)", text).group(1))
            loss = float(re.findall(r"epoch \d+, loss ([0-9.eE+-]+)", text)[-1])
        return seconds, {"finalLoss": loss}


class Timed:
    """A case whose one iteration is `step()`; the loop is timed here. `values()` adds results."""

    def __init__(self, step, values=dict):
        self.step = step
        self.values = values

    def run(self, iterations):
        step = self.step
        start = time.perf_counter()
        for _ in range(iterations):
            step()
        return time.perf_counter() - start, self.values()


def matmul_case(params):
    torch.manual_seed(0)
    batch, m, k, n, transpose = params["batch"], params["m"], params["k"], params["n"], params["transpose"]
    lead = [batch] if batch else []
    # A transposed operand is a view of a stored [k, m] (or [n, k]) matrix, as backward sees it.
    a = torch.randn(*lead, k, m).transpose(-1, -2) if transpose == "a" else torch.randn(*lead, m, k)
    b = torch.randn(*lead, n, k).transpose(-1, -2) if transpose == "b" else torch.randn(*lead, k, n)
    return Timed(lambda: torch.matmul(a, b))


def mlp_case(params):
    torch.manual_seed(params["seed"])
    batch = params["batch"]
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    loss_function = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=params["lr"])
    x = torch.randn(batch, 784)
    y = torch.randint(0, 10, (batch,))
    state = {"loss": float("nan")}

    def step():
        optimizer.zero_grad()
        loss = loss_function(model(x), y)
        loss.backward()
        optimizer.step()
        state["loss"] = loss

    return Timed(step, lambda: {"finalLoss": float(state["loss"])})


def lenet_case(params):
    """LeNet-5 as apps/bench/src/workloads/lenet.ts builds it, NCHW."""
    torch.manual_seed(params["seed"])
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    )
    loss_function = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=params["lr"])
    x = torch.randn(params["batch"], 1, 28, 28)
    y = torch.randint(0, 10, (params["batch"],))
    state = {"loss": float("nan")}

    def step():
        optimizer.zero_grad()
        loss = loss_function(model(x), y)
        loss.backward()
        optimizer.step()
        state["loss"] = loss

    return Timed(step, lambda: {"finalLoss": float(state["loss"])})


def lstm_case(params):
    """LSTM(64 -> 256) + Linear(256 -> 64) as apps/bench/src/workloads/lstm.ts builds it."""
    torch.manual_seed(params["seed"])
    steps, batch = params["steps"], params["batch"]
    lstm = torch.nn.LSTM(64, 256)
    head = torch.nn.Linear(256, 64)
    loss_function = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD([*lstm.parameters(), *head.parameters()], lr=params["lr"])
    x = torch.randn(steps, batch, 64)
    y = torch.randint(0, 64, (steps * batch,))
    state = {"loss": float("nan")}

    def step():
        optimizer.zero_grad()
        output, _ = lstm(x)
        loss = loss_function(head(output.reshape(steps * batch, 256)), y)
        loss.backward()
        optimizer.step()
        state["loss"] = loss

    return Timed(step, lambda: {"finalLoss": float(state["loss"])})


def elementwise_case(params):
    torch.manual_seed(0)
    a = torch.randn(params["size"])
    b = torch.randn(params["size"])
    op = params["op"]
    steps = {
        "add": lambda: torch.add(a, b),
        "mul": lambda: torch.mul(a, b),
        "exp": lambda: torch.exp(a),
        "relu": lambda: torch.relu(a),
        "sum": lambda: torch.sum(a),
    }
    return Timed(steps[op])


def per_op_case(params):
    torch.manual_seed(0)
    op = params["op"]
    a = torch.randn(10)
    b = torch.randn(10)
    x = torch.randn(10, 2)
    w = torch.randn(2, 1)
    column = torch.randn(10, 1)
    features = torch.randn(1000, 2)
    indices = torch.randperm(1000)[:10]
    a_grad = torch.randn(10, requires_grad=True)
    w_grad = torch.randn(2, 1, requires_grad=True)

    def backward():
        (a_grad * b).sum().backward()
        a_grad.grad = None

    steps = {
        "add": lambda: a + b,
        "mul": lambda: a * b,
        "sub": lambda: a - b,
        "matmul": lambda: x @ w,
        "sum": lambda: a.sum(),
        "indexSelect": lambda: features[indices],
        "reshape": lambda: column.reshape(10),
        "add-grad": lambda: a_grad + b,
        "matmul-grad": lambda: x @ w_grad,
        "backward": backward,
    }
    return Timed(steps[op])


CASES = {
    "seed-scratch": lambda params: SeedProgram("seed_scratch.py", params["seed"]),
    "seed-concise": lambda params: SeedProgram("seed_concise.py", params["seed"]),
    "matmul": matmul_case,
    "mlp": mlp_case,
    "lenet": lenet_case,
    "lstm": lstm_case,
    "elementwise": elementwise_case,
    "per-op": per_op_case,
}


def main():
    if BLAS_THREADS is not None:
        blas.set_threads(BLAS_THREADS, TORCH_THREADS)
    handles = {}
    next_handle = 1
    print(
        json.dumps(
            {
                "ready": True,
                "torch": torch.__version__,
                "python": sys.version.split()[0],
                "threads": torch.get_num_threads(),
                "blas": blas.describe(),
                "cpuFlags": blas.cpu_flags(),
                "productError": blas.product_error(),
            }
        ),
        flush=True,
    )
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        reply = {"id": request["id"], "ok": True}
        try:
            command = request["command"]
            if command == "prepare":
                handles[next_handle] = CASES[request["workload"]](request.get("params", {}))
                reply["handle"] = next_handle
                next_handle += 1
            elif command == "run":
                seconds, values = handles[request["handle"]].run(int(request["iterations"]))
                reply["seconds"] = seconds
                reply["values"] = values
            elif command == "dispose":
                handles.pop(request["handle"], None)
            else:
                raise ValueError(f"unknown command {command!r}")
        except Exception as error:  # reported to the bench, which marks the case failed
            reply = {"id": request["id"], "ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
