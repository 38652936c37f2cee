package dev.kiln.plugins.simd.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * Not a test: a main timing the float32 GEMMs of one quickstart training step (the 784-512-512-10 MLP on a
 * batch of 64) in the layouts the backend sees them: forward {@code x @ W^T + b} (B read transposed, bias
 * accumulated onto), input gradient {@code g @ W} (row-major), weight gradient {@code g^T @ x} (A a transposed
 * view). Prints, per shape and thread count, the median and best microseconds per call and the median GFLOPS.
 * Usage: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.kiln.plugins.simd.gemm.QuickstartGemmTuning [threads...]} (default 1 2); {@code -Donly=fc1_fwd} times the
 * shapes whose name starts so, {@code -Dbits=256} a narrower species, {@code -Dmc= -Dkc= -Dnc=} other blocks.
 */
public final class QuickstartGemmTuning {
    /** One product: name, C [m, n], K, whether A is a transposed view, whether B is, whether C accumulates. */
    record Shape(String name, int m, int n, int k, boolean aT, boolean bT, boolean acc) {}

    static final Shape[] SHAPES = {
            new Shape("fc1_fwd x[64,784]@W^T[784,512]+b", 64, 512, 784, false, true, true),
            new Shape("fc2_fwd h[64,512]@W^T[512,512]+b", 64, 512, 512, false, true, true),
            new Shape("fc3_fwd h[64,512]@W^T[512,10]+b ", 64, 10, 512, false, true, true),
            new Shape("fc1_dx  g[64,512]@W[512,784]    ", 64, 784, 512, false, false, false),
            new Shape("fc2_dx  g[64,512]@W[512,512]    ", 64, 512, 512, false, false, false),
            new Shape("fc3_dx  g[64,10]@W[10,512]      ", 64, 512, 10, false, false, false),
            new Shape("fc1_dw  g^T[512,64]@x[64,784]   ", 512, 784, 64, true, false, false),
            new Shape("fc2_dw  g^T[512,64]@h[64,512]   ", 512, 512, 64, true, false, false),
            new Shape("fc3_dw  g^T[10,64]@h[64,512]    ", 10, 512, 64, true, false, false),
    };

    public static void main(String[] args) {
        int[] threadCounts = args.length == 0 ? new int[] {1, 2} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        VectorSpecies<Float> s = FloatVector.SPECIES_512.withShape(VectorShape.forBitSize(
                Integer.getInteger("bits", 512)));
        Random rnd = new Random(1);
        var mx = ManagementFactory.getThreadMXBean();
        double totalStep[] = new double[threadCounts.length];
        String only = System.getProperty("only", "");
        for (Shape sh : SHAPES) {
            if (!sh.name.startsWith(only)) continue;
            // A [m, k]: row-major, or the transpose of a row-major [k, m]; B [k, n]: row-major, or the
            // transpose of a row-major [n, k] (linear's weight)
            float[] a = random(rnd, sh.m * sh.k), b = random(rnd, sh.k * sh.n), c = new float[sh.m * sh.n];
            FloatMatrix ma = sh.aT ? FloatMatrix.of(a, 0, 1, sh.m) : FloatMatrix.of(a, 0, sh.k, 1);
            FloatMatrix mb = sh.bT ? FloatMatrix.of(b, 0, 1, sh.k) : FloatMatrix.of(b, 0, sh.n, 1);
            FloatMatrix mc = FloatMatrix.of(c, 0, sh.n, 1);
            double flops = 2.0 * sh.m * sh.n * sh.k;
            StringBuilder line = new StringBuilder(sh.name);
            for (int ti = 0; ti < threadCounts.length; ti++) {
                int threads = threadCounts[ti];
                ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
                FloatGemm g = new FloatGemm(s, pool, threads, Integer.getInteger("mc", FloatGemm.MC),
                        Integer.getInteger("kc", FloatGemm.KC), Integer.getInteger("nc", FloatGemm.NC));
                int reps = (int) Math.max(10, Math.min(5000, 2e7 / flops));
                for (int w = 0; w < 200; w++) for (int r = 0; r < reps / 10 + 1; r++) g.gemm(sh.m, sh.n, sh.k, ma, mb, mc, sh.acc);
                int trials = 15;
                double[] us = new double[trials], cpu = new double[trials];
                for (int t = 0; t < trials; t++) {
                    long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) g.gemm(sh.m, sh.n, sh.k, ma, mb, mc, sh.acc);
                    us[t] = (System.nanoTime() - t0) / 1e3 / reps;
                    cpu[t] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / reps;
                }
                Arrays.sort(us);
                Arrays.sort(cpu);
                double med = us[trials / 2];
                totalStep[ti] += med;
                line.append(String.format("  t%d %7.1f us (best %7.1f, caller cpu %7.1f) %6.1f GFLOPS", threads, med, us[0],
                        cpu[trials / 2], flops / med / 1e3));
                if (pool != null) pool.shutdown();
            }
            System.out.println(line);
        }
        StringBuilder sum = new StringBuilder("sum of medians                   ");
        for (int ti = 0; ti < threadCounts.length; ti++) sum.append(String.format("  t%d %7.1f us", threadCounts[ti], totalStep[ti]));
        System.out.println(sum);
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }
}
