package dev.kiln.plugins.simd.gemm;

import dev.kiln.DType;
import dev.kiln.plugins.simd.gemm.TestViews.Layout;
import dev.kiln.spi.View;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Matmul} (and through it FloatGemm/DoubleGemm and every micro-kernel width) against a triple loop in
 * double, on awkward sizes and every layout matmul produces. The tolerance is the classic bound for a dot
 * product of length k in any summation order: {@code (k + 2) * eps * sum |a_ip * b_pj|}.
 */
class MatmulTest {
    static final ExecutorService POOL = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "matmul-test");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void shutdown() { POOL.shutdown(); }

    static VectorSpecies<Float> species(int bits) {
        return FloatVector.SPECIES_128.withShape(VectorShape.forBitSize(bits));
    }

    static Stream<Arguments> widthsAndTypes() {
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[]{128, 256, 512}) {
            if (bits > FloatVector.SPECIES_PREFERRED.vectorBitSize()) continue;
            for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) out.add(Arguments.of(bits, t));
        }
        return out.stream();
    }

    /** Checks out[b] = a[b] @ b[b] for every element; {@code before} is out's content before the call (for accumulate). */
    static void check(String what, View a, View b, View out) {
        int batch = out.shape()[0], m = out.shape()[1], n = out.shape()[2], k = a.shape()[2];
        double eps = out.dtype() == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double ref = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double x = TestViews.at(a, s, i, p) * TestViews.at(b, s, p, j);
                        ref += x;
                        abs += Math.abs(x);
                    }
                    double got = TestViews.at(out, s, i, j);
                    if (!(Math.abs(got - ref) <= (k + 2) * eps * abs + Double.MIN_VALUE)) {
                        fail(what + ": out[" + s + ", " + i + ", " + j + "] = " + got + ", expected " + ref
                                + " (tolerance " + (k + 2) * eps * abs + ")");
                    }
                }
            }
        }
    }

    static void run(Matmul mm, DType t, int batch, int m, int n, int k, Layout la, Layout lb, Layout lc,
                    Random rnd, Arena arena) {
        View a = TestViews.view(t, batch, m, k, la, rnd, arena);
        View b = TestViews.view(t, batch, k, n, lb, rnd, arena);
        View out = TestViews.view(t, batch, m, n, lc, rnd, arena);
        assertTrue(mm.matmul(a, b, out));
        check(t + " " + batch + "x" + m + "x" + n + "x" + k + " A " + la + " B " + lb + " C " + lc
                + (arena != null ? " native" : ""), a, b, out);
    }

    @ParameterizedTest(name = "{0} bits {1}")
    @MethodSource("widthsAndTypes")
    void everyLayoutOnAwkwardSizes(int bits, DType t) {
        Matmul mm = new Matmul(species(bits), null, 1, TestViews::segmentOf);
        Random rnd = new Random(bits * 31L + t.ordinal());
        int[] sizes = {1, 3, 7, 13, 31};
        Layout[] in = {Layout.ROW, Layout.COL, Layout.STRIDED, Layout.BROADCAST};
        Layout[] outs = {Layout.ROW, Layout.COL, Layout.STRIDED};
        for (int m : sizes) for (int n : sizes) for (int k : sizes) {
            Layout la = in[(m + 2 * n + k) % in.length], lb = in[(m + n + 3 * k) % in.length];
            run(mm, t, 2, m, n, k, la, lb, outs[(m * n + k) % outs.length], rnd, null);
        }
        for (Layout la : in) for (Layout lb : in) for (Layout lc : outs) {
            run(mm, t, 3, 13, 31, 7, la, lb, lc, rnd, null);
            run(mm, t, 1, 37, 53, 61, la, lb, lc, rnd, null);   // big enough for the packed path
        }
    }

    @ParameterizedTest(name = "{0} bits {1}")
    @MethodSource("widthsAndTypes")
    void size257TransposedLayouts(int bits, DType t) {
        Matmul mm = new Matmul(species(bits), null, 1, TestViews::segmentOf);
        Random rnd = new Random(257);
        run(mm, t, 1, 257, 257, 257, Layout.ROW, Layout.ROW, Layout.ROW, rnd, null);
        run(mm, t, 1, 257, 31, 257, Layout.COL, Layout.ROW, Layout.STRIDED, rnd, null);
        run(mm, t, 1, 13, 257, 257, Layout.ROW, Layout.COL, Layout.ROW, rnd, null);
        run(mm, t, 1, 257, 257, 1, Layout.STRIDED, Layout.STRIDED, Layout.COL, rnd, null);
    }

    @ParameterizedTest(name = "{0} bits {1}")
    @MethodSource("widthsAndTypes")
    void nativeSegments(int bits, DType t) {
        Matmul mm = new Matmul(species(bits), null, 1, TestViews::segmentOf);
        Random rnd = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            run(mm, t, 2, 31, 53, 67, Layout.ROW, Layout.COL, Layout.ROW, rnd, arena);
            run(mm, t, 2, 7, 3, 13, Layout.STRIDED, Layout.BROADCAST, Layout.COL, rnd, arena);
            run(mm, t, 1, 64, 96, 40, Layout.ROW, Layout.ROW, Layout.ROW, rnd, arena);
        }
    }

    @ParameterizedTest(name = "{0} bits {1}")
    @MethodSource("widthsAndTypes")
    void multithreadedSplitsAndBatches(int bits, DType t) {
        Matmul mm = new Matmul(species(bits), POOL, 3, TestViews::segmentOf);
        Random rnd = new Random(3);
        run(mm, t, 1, 257, 131, 300, Layout.ROW, Layout.ROW, Layout.ROW, rnd, null);    // split by N
        run(mm, t, 1, 300, 13, 257, Layout.COL, Layout.ROW, Layout.STRIDED, rnd, null); // split by M
        run(mm, t, 64, 13, 7, 31, Layout.ROW, Layout.BROADCAST, Layout.ROW, rnd, null);   // split the batch
        run(mm, t, 2, 100, 100, 100, Layout.BROADCAST, Layout.COL, Layout.ROW, rnd, null);
    }

    @ParameterizedTest(name = "{0} bits {1}")
    @MethodSource("widthsAndTypes")
    void quickstartTrainingShapes(int bits, DType t) {
        // the MLP's backward products on a batch of 64, threaded: input gradients g @ W (row-major B read in place,
        // a partial last panel), weight gradients g^T @ x (a transposed A) and the 10-column layer's forward as
        // dot products (row-major A, column-major B)
        Matmul mm = new Matmul(species(bits), POOL, 2, TestViews::segmentOf);
        Random rnd = new Random(64);
        run(mm, t, 1, 64, 784, 512, Layout.ROW, Layout.ROW, Layout.ROW, rnd, null);
        run(mm, t, 1, 512, 784, 64, Layout.COL, Layout.ROW, Layout.ROW, rnd, null);
        run(mm, t, 1, 64, 10, 512, Layout.ROW, Layout.COL, Layout.ROW, rnd, null);
        run(mm, t, 1, 10, 512, 64, Layout.COL, Layout.ROW, Layout.ROW, rnd, null);
        // small-batch linear layouts, run as C^T = B^T A^T: batches of 64, 32 and 16 are nr + one vector at
        // 512, 256 and 128 bits (the 4-vector-wide tile), 301 output rows leave partial row panels, K > kc
        for (int batch : new int[]{64, 32, 16}) run(mm, t, 1, batch, 301, 300, Layout.ROW, Layout.COL, Layout.ROW, rnd, null);
    }

    @Test
    void kZeroOverwritesWithZeros() {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Matmul mm = new Matmul(FloatVector.SPECIES_PREFERRED, null, 1, TestViews::segmentOf);
            Random rnd = new Random(0);
            View a = TestViews.view(t, 2, 5, 0, Layout.ROW, rnd, null);
            View b = TestViews.view(t, 2, 0, 9, Layout.ROW, rnd, null);
            View out = TestViews.view(t, 2, 5, 9, Layout.STRIDED, rnd, null);
            assertTrue(mm.matmul(a, b, out));
            for (int s = 0; s < 2; s++) for (int i = 0; i < 5; i++) for (int j = 0; j < 9; j++) {
                assertEquals(0.0, TestViews.at(out, s, i, j), t + " K = 0: out[" + s + ", " + i + ", " + j + "]");
            }
        }
    }

    @Test
    void otherDtypesAreDeclinedUntouched() {
        Matmul mm = new Matmul(FloatVector.SPECIES_PREFERRED, null, 1, TestViews::segmentOf);
        View v = new View(new TestViews.SegStorage(java.lang.foreign.MemorySegment.ofArray(new int[4]), DType.INT32, 4),
                DType.INT32, 0, new int[]{1, 2, 2}, new long[]{4, 2, 1});
        assertFalse(mm.matmul(v, v, v));
    }

    @Test
    void smallBlocksExerciseEveryBlockLoop() {
        // block sizes far below the defaults, so that a small product crosses many mc, kc and nc blocks
        for (int bits : new int[]{128, 256, 512}) {
            if (bits > FloatVector.SPECIES_PREFERRED.vectorBitSize()) continue;
            FloatGemm g = new FloatGemm(species(bits), null, 1, 12, 5, 1);
            DoubleGemm d = new DoubleGemm(Matmul.doubleSpecies(species(bits)), null, 1, 12, 5, 1);
            Random rnd = new Random(bits);
            int m = 41, n = 103, k = 37;
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            double[] ad = new double[m * k], bd = new double[k * n], cd = new double[m * n];
            for (int i = 0; i < a.length; i++) ad[i] = a[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < b.length; i++) bd[i] = b[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < c.length; i++) cd[i] = c[i] = rnd.nextFloat();
            float[] c0 = c.clone();
            g.gemm(m, n, k, FloatMatrix.of(a, 0, k, 1), FloatMatrix.of(b, 0, n, 1), FloatMatrix.of(c, 0, n, 1), true);
            d.gemm(m, n, k, DoubleMatrix.of(ad, 0, k, 1), DoubleMatrix.of(bd, 0, n, 1), DoubleMatrix.of(cd, 0, n, 1), true);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
                double ref = c0[i * n + j], abs = Math.abs(ref);
                for (int p = 0; p < k; p++) {
                    ref += (double) a[i * k + p] * b[p * n + j];
                    abs += Math.abs((double) a[i * k + p] * b[p * n + j]);
                }
                assertEquals(ref, c[i * n + j], (k + 3) * 0x1p-23 * abs, bits + " bits float accumulate (" + i + ", " + j + ")");
                assertEquals(ref, cd[i * n + j], (k + 3) * 0x1p-52 * abs, bits + " bits double accumulate (" + i + ", " + j + ")");
            }
        }
    }
}
