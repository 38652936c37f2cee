package dev.kiln.plugins.simd.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Not a test: a main for tuning the block sizes and measuring GFLOPS of {@code C = A @ B} (float32, contiguous,
 * the workload of torch_figures.py's gemm group). Usage:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.kiln.plugins.simd.gemm.GemmTuning [threads] [mc kc nc] [bits] [n...]}
 */
public final class GemmTuning {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int mc = args.length > 1 ? Integer.parseInt(args[1]) : FloatGemm.MC;
        int kc = args.length > 2 ? Integer.parseInt(args[2]) : FloatGemm.KC;
        int nc = args.length > 3 ? Integer.parseInt(args[3]) : FloatGemm.NC;
        int bits = args.length > 4 ? Integer.parseInt(args[4]) : 512;
        int[] sizes = {256, 512, 1024, 2048};
        if (args.length > 5) {
            sizes = new int[args.length - 5];
            for (int i = 5; i < args.length; i++) sizes[i - 5] = Integer.parseInt(args[i]);
        }
        VectorSpecies<Float> s = FloatVector.SPECIES_512.withShape(jdk.incubator.vector.VectorShape.forBitSize(bits));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
            Thread t = new Thread(r, "gemm-worker");
            t.setDaemon(true);
            return t;
        });
        FloatGemm g = new FloatGemm(s, pool, threads, mc, kc, nc);
        Random rnd = new Random(1);
        for (int n : sizes) {
            float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
            for (int i = 0; i < a.length; i++) { a[i] = (float) rnd.nextGaussian(); b[i] = (float) rnd.nextGaussian(); }
            FloatMatrix ma = FloatMatrix.of(a, 0, n, 1), mb = FloatMatrix.of(b, 0, n, 1), mcm = FloatMatrix.of(c, 0, n, 1);
            double flops = 2.0 * n * n * n;
            int reps = (int) Math.max(3, Math.min(200, 3e9 / flops));
            for (int w = 0; w < 3; w++) for (int r = 0; r < reps; r++) g.gemm(n, n, n, ma, mb, mcm, false);
            double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int trial = 0; trial < 5; trial++) {
                long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) g.gemm(n, n, n, ma, mb, mcm, false);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9 / reps);
                bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9 / reps);
            }
            // with one thread the calling thread's CPU time is the product's: GFLOPS per CPU-second stays
            // meaningful when other processes share the cores (wall-clock figures then are not)
            System.out.printf("gemm_n%d_t%d %.1f GFLOPS wall%s (mc=%d kc=%d nc=%d bits=%d)%n", n, threads, flops / best / 1e9,
                    threads == 1 ? String.format(", %.1f GFLOPS per CPU-second", flops / bestCpu / 1e9) : "", mc, kc, nc, bits);
        }
        pool.shutdown();
    }
}
