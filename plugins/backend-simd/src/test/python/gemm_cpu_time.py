"""PyTorch's single-thread sgemm (C = A @ B, float32, n x n) in GFLOPS per CPU-second of the calling thread:
comparable with GemmTuning's CPU-time column when other processes share the cores (wall-clock figures are
not). Drops an OPENBLAS_CORETYPE pin as torch_figures.py does.
usage: /usr/bin/python3 gemm_cpu_time.py [n ...]"""
import ctypes, ctypes.util, os, sys, time

if any(k in os.environ for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    os.execve(sys.executable, [sys.executable] + sys.argv, env)
import torch

torch.set_num_threads(1)
for name in ("openblas", "openblas-pthread"):
    path = ctypes.util.find_library(name)
    if path:
        try:
            ctypes.CDLL(path).openblas_set_num_threads(1)
        except (OSError, AttributeError):
            pass
for n in [int(a) for a in sys.argv[1:]] or [256, 512, 1024, 2048]:
    a, b, c = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
    reps = max(3, min(200, int(3e9 / (2 * n ** 3))))
    for _ in range(3 * reps):
        torch.mm(a, b, out=c)
    best, best_wall = float("inf"), float("inf")
    for _ in range(5):
        c0, t0 = time.thread_time(), time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b, out=c)
        best = min(best, (time.thread_time() - c0) / reps)
        best_wall = min(best_wall, (time.perf_counter() - t0) / reps)
    print(f"gemm_n{n}_t1 pytorch {2 * n ** 3 / best_wall / 1e9:.1f} GFLOPS wall, {2 * n ** 3 / best / 1e9:.1f} GFLOPS per CPU-second")
