package dev.kiln.examples.bench;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.nn.F;

/**
 * The kernel groups of {@code torch_figures.py}, run under {@code no_grad} as there: gemm, conv, elementwise,
 * softmax. Same workloads, formulas and units. Where PyTorch writes into a preallocated {@code out=} tensor,
 * Kiln (which has no {@code out=}) allocates the result (gemm) or, for add, works in place, which moves the
 * same 12 bytes per element as {@code add(a, b, out=c)} without a 64 MB allocation per call.
 */
final class KernelBenches {
    private KernelBenches() {}

    /** Keeps results reachable so the JIT cannot drop the work. */
    static volatile Object sink;

    static void gemm(BenchContext ctx) {
        for (int threads : new int[] {1, 2}) {
            try (KilnRuntime rt = ctx.open(threads); var off = Kiln.noGrad()) {
                Figures out = ctx.figures(rt);
                for (int n : new int[] {256, 512, 1024, 2048}) {
                    Tensor a = Tensor.randn(n, n);
                    Tensor b = Tensor.randn(n, n);
                    double t = Timer.timeit(() -> sink = a.mm(b));
                    out.put("gemm_n" + n + "_t" + threads, 2.0 * n * n * n / t / 1e9, "GFLOPS");
                }
            }
        }
    }

    static void conv(BenchContext ctx) {
        try (KilnRuntime rt = ctx.open(2); var off = Kiln.noGrad()) {
            Tensor x = Tensor.randn(64, 16, 28, 28);
            Tensor w = Tensor.randn(32, 16, 3, 3);
            Tensor b = Tensor.randn(32);
            double t = Timer.timeit(() -> sink = F.conv2d(x, w, b, 1, 1));
            ctx.figures(rt).put("conv2d_fwd_t2", 2.0 * 64 * 32 * 28 * 28 * 16 * 9 / t / 1e9, "GFLOPS");
        }
    }

    static void elementwise(BenchContext ctx) {
        try (KilnRuntime rt = ctx.open(2); var off = Kiln.noGrad()) {
            Figures out = ctx.figures(rt);
            int n = 16 * 1024 * 1024;
            Tensor a = Tensor.randn(n);
            Tensor b = Tensor.randn(n);
            // a += b and a -= b by turns: two reads and one write per element, values stay bounded
            boolean[] plus = {true};
            double t = Timer.timeit(() -> {
                sink = plus[0] ? a.add_(b) : a.sub_(b);
                plus[0] = !plus[0];
            });
            out.put("add_16M_t2", 12.0 * n / t / 1e9, "GB/s");
            t = Timer.timeit(() -> sink = a.sum());
            out.put("sum_16M_t2", 4.0 * n / t / 1e9, "GB/s");
        }
    }

    static void softmax(BenchContext ctx) {
        try (KilnRuntime rt = ctx.open(2); var off = Kiln.noGrad()) {
            Tensor x = Tensor.randn(4096, 1000);
            double t = Timer.timeit(() -> sink = F.softmax(x, 1));
            ctx.figures(rt).put("softmax_4096x1000_t2", t * 1e3, "ms");
        }
    }
}
