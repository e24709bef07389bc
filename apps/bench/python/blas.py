"""Which BLAS torch's matmul runs on, which of its kernels, on how many threads — and whether its
products are right. The bench decides from this whether PyTorch runs at its best (see
apps/bench/src/pytorch-blas.ts); nothing here installs or changes anything but thread counts.
"""
import ctypes
import os
import re

import torch

# The x86-64 cores OpenBLAS has kernels for that use AVX2 / AVX-512 (DYNAMIC_ARCH builds pick one at
# load time from CPUID; a VM that hides CPUID bits makes them fall back to SSE3 "Prescott").
AVX512_CORES = {"skylakex", "cooperlake", "sapphirerapids"}
AVX2_CORES = AVX512_CORES | {"haswell", "zen", "skylake"}


def cpu_flags():
    """The CPU's vector extensions that decide the right BLAS kernel (Linux: /proc/cpuinfo)."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return sorted(flags & {"avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"})
    except OSError:
        pass
    return []


def mapped_libraries():
    """The BLAS-like shared libraries in this process, by real path (after a product loaded them)."""
    a = torch.randn(64, 64)
    (a @ a).sum().item()
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                fields = line.split()
                path = fields[-1] if len(fields) >= 6 else ""
                name = os.path.basename(path)
                if "blas" in name or "mkl" in name or "blis" in name:
                    found.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(found)


def openblas(libraries):
    """OpenBLAS's own answers (version, kernel core, threads) through ctypes, or None."""
    for path in libraries:
        try:
            library = ctypes.CDLL(path)
            corename = library.openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        config = library.openblas_get_config
        config.restype = ctypes.c_char_p
        version = re.search(r"OpenBLAS (\S+)", config().decode())
        return {
            "library": f"OpenBLAS {version.group(1) if version else '?'}",
            "core": corename().decode(),
            "config": config().decode(),
            "threads": library.openblas_get_num_threads(),
            "handle": library,
        }
    return None


def describe():
    """{library, core, config, threads, libraries, buildInfo}: what torch's matmul runs on now."""
    libraries = mapped_libraries()
    build = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    found = openblas(libraries)
    if found is not None:
        found.pop("handle")
        return {**found, "libraries": libraries, "buildInfo": build.group(1) if build else "?"}
    if torch.backends.mkl.is_available() or any("mkl" in path for path in libraries):
        library = "MKL"
    elif any("blis" in path for path in libraries):
        library = "BLIS"
    elif any("/blas/" in path or os.path.basename(path).startswith("libblas.so") for path in libraries):
        # Debian's netlib reference BLAS (libblas3): plain loops, no blocking, no vector kernels.
        library = "reference"
    else:
        library = "unknown"
    return {
        "library": library,
        "core": None,
        "config": None,
        "threads": None,
        "libraries": libraries,
        "buildInfo": build.group(1) if build else "?",
    }


def set_threads(blas_threads, torch_threads):
    """OpenBLAS's own pool (products) and torch's intra-op threads (everything else), apart."""
    torch.set_num_threads(torch_threads)
    found = openblas(mapped_libraries())
    if found is not None:
        found["handle"].openblas_set_num_threads(blas_threads)


def product_error():
    """The float32 product's largest error against float64, relative to the result's scale: about
    1e-6 on a correct kernel; a core forced onto a CPU without its instructions would crash or be
    far off."""
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(300, 200, generator=generator)
    b = torch.randn(200, 100, generator=generator)
    exact = a.double() @ b.double()
    return float(((a @ b).double() - exact).abs().max() / exact.abs().max())
