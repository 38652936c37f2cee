package dev.kiln.plugins.simd.gemm;

import dev.kiln.DType;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.View;
import jdk.incubator.vector.FloatVector;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Not a test: measures conv2d forward GFLOPS on torch_figures.py's conv workload (x 64x16x28x28, w 32x16x3x3,
 * bias, padding 1) and the quickstart's linear shapes. Usage: {@code ConvTuning [threads]}.
 */
public final class ConvTuning {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
            Thread t = new Thread(r, "conv-worker");
            t.setDaemon(true);
            return t;
        });
        Matmul mm = new Matmul(FloatVector.SPECIES_PREFERRED, pool, threads, TestViews::segmentOf);
        Conv2d conv = new Conv2d(mm);
        Random rnd = new Random(1);
        View x = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 64, 16, 28, 28);
        View w = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 32, 16, 3, 3);
        View b = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 32);
        View out = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 64, 32, 28, 28);
        Im2Col g = new Im2Col(16, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 0.0);
        double flops = 2.0 * 64 * 32 * 28 * 28 * 16 * 9;
        double t = best(() -> conv.forward(x, w, b, g, out), 40);
        System.out.printf("conv2d_fwd_t%d %.1f GFLOPS (%.3f ms)%n", threads, flops / t / 1e9, t * 1e3);
        View go = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 64, 32, 28, 28);
        View gi = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 64, 16, 28, 28);
        View gw = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 32, 16, 3, 3);
        t = best(() -> conv.backwardInput(go, w, g, gi), 40);
        System.out.printf("conv2d_bwd_input_t%d %.1f GFLOPS (%.3f ms)%n", threads, flops / t / 1e9, t * 1e3);
        t = best(() -> conv.backwardWeight(go, x, g, gw), 40);
        System.out.printf("conv2d_bwd_weight_t%d %.1f GFLOPS (%.3f ms)%n", threads, flops / t / 1e9, t * 1e3);
        // the quickstart's matmuls: forward x @ W^T, grad_x = g @ W, grad_W = g^T @ x
        Linear lin = new Linear(mm);
        View xi = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 64, 784), wi = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 512, 784);
        View bi = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 512), o = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 64, 512);
        double lf = 2.0 * 64 * 784 * 512;
        t = best(() -> lin.linear(xi, wi, bi, o), 200);
        System.out.printf("linear_64x784x512_t%d %.1f GFLOPS (%.1f us)%n", threads, lf / t / 1e9, t * 1e6);
        View gx = ConvLinearTest.contiguous(DType.FLOAT32, rnd, 64, 784);
        View g3 = new View(o.storage(), DType.FLOAT32, o.offset(), new int[]{1, 64, 512}, new long[]{0, 512, 1});
        View w3 = new View(wi.storage(), DType.FLOAT32, wi.offset(), new int[]{1, 512, 784}, new long[]{0, 784, 1});
        View gx3 = new View(gx.storage(), DType.FLOAT32, gx.offset(), new int[]{1, 64, 784}, new long[]{0, 784, 1});
        t = best(() -> mm.matmul(g3, w3, gx3), 200);
        System.out.printf("grad_x_64x512x784_t%d %.1f GFLOPS (%.1f us)%n", threads, lf / t / 1e9, t * 1e6);
        View gT = new View(o.storage(), DType.FLOAT32, o.offset(), new int[]{1, 512, 64}, new long[]{0, 1, 512});
        View x3 = new View(xi.storage(), DType.FLOAT32, xi.offset(), new int[]{1, 64, 784}, new long[]{0, 784, 1});
        View gw3 = new View(wi.storage(), DType.FLOAT32, wi.offset(), new int[]{1, 512, 784}, new long[]{0, 784, 1});
        t = best(() -> mm.matmul(gT, x3, gw3), 200);
        System.out.printf("grad_w_512x64x784_t%d %.1f GFLOPS (%.1f us)%n", threads, lf / t / 1e9, t * 1e6);
        pool.shutdown();
    }

    static double best(Runnable r, int reps) {
        for (int i = 0; i < reps * 2; i++) r.run();
        double best = Double.MAX_VALUE;
        for (int trial = 0; trial < 7; trial++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / reps);
        }
        return best;
    }
}
