package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;

import java.util.Arrays;
import java.util.Random;

/**
 * A manual measurement (not a test): add and sum of 16M float32 as {@code shared/bench/torch_figures.py}
 * defines {@code add_16M_t2} (12 bytes per element, out-of-place into a third tensor) and
 * {@code sum_16M_t2} (4 bytes per element), on the simd kernels directly (no Tensor overhead), with
 * the script's timing (doubling until 0.2 s, median of 7).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp <test class path> dev.kiln.plugins.simd.ElementwiseTuning THREADS BITS ROUNDS
 * }</pre>
 */
public final class ElementwiseTuning {
    private ElementwiseTuning() {}

    interface Body { void run(); }
    static double timeit(Body fn) {
        fn.run();
        int inner = 1; double t;
        while (true) { long t0 = System.nanoTime(); for (int i = 0; i < inner; i++) fn.run(); t = (System.nanoTime() - t0) / 1e9; if (t >= 0.2) break; inner *= 2; }
        double[] s = new double[7];
        for (int r = 0; r < 7; r++) { long t0 = System.nanoTime(); for (int i = 0; i < inner; i++) fn.run(); s[r] = (System.nanoTime() - t0) / 1e9 / inner; }
        Arrays.sort(s); return s[3];
    }
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int bits = Integer.parseInt(args[1]);
        int n = 16 * 1024 * 1024;
        SimdBackend be = new SimdBackend(new SimdContext(bits, new Parallel(threads)));
        Storage sa = be.allocate(DType.FLOAT32, n), sb = be.allocate(DType.FLOAT32, n), sc = be.allocate(DType.FLOAT32, n);
        float[] a = SimdStorage.floats(new View(sa, DType.FLOAT32, 0, new int[]{n}, new long[]{1}));
        float[] b = SimdStorage.floats(new View(sb, DType.FLOAT32, 0, new int[]{n}, new long[]{1}));
        Random r = new Random(0);
        for (int i = 0; i < n; i++) { a[i] = (float) r.nextGaussian(); b[i] = (float) r.nextGaussian(); }
        View va = new View(sa, DType.FLOAT32, 0, new int[]{n}, new long[]{1});
        View vb = new View(sb, DType.FLOAT32, 0, new int[]{n}, new long[]{1});
        View vc = new View(sc, DType.FLOAT32, 0, new int[]{n}, new long[]{1});
        Storage so = be.allocate(DType.FLOAT32, 1);
        View vo = new View(so, DType.FLOAT32, 0, new int[]{1}, new long[]{1});
        for (int w = 0; w < Integer.parseInt(args[2]); w++) {
            double t = timeit(() -> be.binary(BinaryOp.ADD, va, vb, vc));
            double t2 = timeit(() -> be.reduce(ReduceOp.SUM, va, new int[]{0}, vo));
            System.out.printf("add_16M_t%d simd %.4g GB/s   sum_16M_t%d simd %.4g GB/s  (%d bits, %d threads)%n",
                threads, 12.0 * n / t / 1e9, threads, 4.0 * n / t2 / 1e9, bits, threads);
        }
        be.close();
    }
}
