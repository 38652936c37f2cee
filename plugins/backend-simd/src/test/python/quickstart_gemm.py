"""PyTorch's time for the float32 GEMMs of one quickstart training step (784-512-512-10 MLP, batch 64), in the
layouts autograd produces them: forward F.linear(x, W, b), input gradient g @ W, weight gradient g.t() @ x.
The counterpart of QuickstartGemmTuning (same shapes, same order); median and best us per call over 15 trials.
Drops an OPENBLAS_CORETYPE pin as torch_figures.py does.
usage: /usr/bin/python3 quickstart_gemm.py [threads ...]   (default 1 2)"""
import ctypes, ctypes.util, os, sys, time

if any(k in os.environ for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    os.execve(sys.executable, [sys.executable] + sys.argv, env)
import torch
import torch.nn.functional as F



def set_threads(n):
    """As torch_figures.py: torch's pool and the OpenBLAS torch links (torch.set_num_threads alone leaves it)."""
    torch.set_num_threads(n)
    for lib in [ctypes.util.find_library(name) for name in ("openblas", "openblas-pthread")] + ["libblas.so.3"]:
        if lib:
            try:
                ctypes.CDLL(lib).openblas_set_num_threads(n)
            except (OSError, AttributeError):
                pass


torch.manual_seed(1)
x, h, g1, g3 = torch.randn(64, 784), torch.randn(64, 512), torch.randn(64, 512), torch.randn(64, 10)
W1, W2, W3 = torch.randn(512, 784), torch.randn(512, 512), torch.randn(10, 512)
b1, b2, b3 = torch.randn(512), torch.randn(512), torch.randn(10)
shapes = [
    ("fc1_fwd x[64,784]@W^T[784,512]+b", 64 * 512 * 784, lambda: F.linear(x, W1, b1)),
    ("fc2_fwd h[64,512]@W^T[512,512]+b", 64 * 512 * 512, lambda: F.linear(h, W2, b2)),
    ("fc3_fwd h[64,512]@W^T[512,10]+b ", 64 * 10 * 512, lambda: F.linear(h, W3, b3)),
    ("fc1_dx  g[64,512]@W[512,784]    ", 64 * 784 * 512, lambda: g1 @ W1),
    ("fc2_dx  g[64,512]@W[512,512]    ", 64 * 512 * 512, lambda: g1 @ W2),
    ("fc3_dx  g[64,10]@W[10,512]      ", 64 * 512 * 10, lambda: g3 @ W3),
    ("fc1_dw  g^T[512,64]@x[64,784]   ", 512 * 784 * 64, lambda: g1.t() @ x),
    ("fc2_dw  g^T[512,64]@h[64,512]   ", 512 * 512 * 64, lambda: g1.t() @ h),
    ("fc3_dw  g^T[10,64]@h[64,512]    ", 10 * 512 * 64, lambda: g3.t() @ h),
]
threads = [int(a) for a in sys.argv[1:]] or [1, 2]
total = [0.0] * len(threads)
for name, macs, f in shapes:
    line = name
    for ti, t in enumerate(threads):
        set_threads(t)
        reps = max(10, min(5000, int(1e7 / macs)))
        for _ in range(20 * (reps // 10 + 1)):
            f()
        trials = []
        for _ in range(15):
            t0 = time.perf_counter()
            for _ in range(reps):
                f()
            trials.append((time.perf_counter() - t0) / reps * 1e6)
        trials.sort()
        med = trials[len(trials) // 2]
        total[ti] += med
        line += f"  t{t} {med:7.1f} us (best {trials[0]:7.1f}) {2 * macs / med / 1e3:6.1f} GFLOPS"
    print(line)
print("sum of medians                   " + "".join(f"  t{t} {s:7.1f} us" for t, s in zip(threads, total)))
