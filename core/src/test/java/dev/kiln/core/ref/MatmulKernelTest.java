package dev.kiln.core.ref;

import dev.kiln.spi.host.HostElements;

import dev.kiln.DType;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.kiln.core.ref.Fixtures.doubles;
import static dev.kiln.core.ref.Fixtures.longs;
import static dev.kiln.core.ref.Fixtures.of;
import static dev.kiln.core.ref.Fixtures.ofLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Batched matmul against a naive triple loop. */
class MatmulKernelTest {
    private final ReferenceBackend b = new ReferenceBackend();

    /** out[bi][i][j] = sum_k a[bi][i][k] * c[bi][k][j], summed in double in k order, rounded to t. */
    private static double[] naive(View a, View c, DType t) {
        int batches = a.shape()[0], m = a.shape()[1], k = a.shape()[2], n = c.shape()[2];
        double[] r = new double[batches * m * n];
        java.lang.foreign.MemorySegment tmp = java.lang.foreign.MemorySegment.ofArray(new long[1]);
        for (int bi = 0; bi < batches; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += Fixtures.at(a, bi, i, p) * Fixtures.at(c, bi, p, j);
                    HostElements.writeDouble(tmp, t, 0, s);
                    r[(bi * m + i) * n + j] = HostElements.readDouble(tmp, t, 0);
                }
            }
        }
        return r;
    }

    @Test
    void smallHandComputedCase() {
        View a = of(b, DType.FLOAT32, new double[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        View c = of(b, DType.FLOAT32, new double[] {7, 8, 9, 10, 11, 12}, 1, 3, 2);
        View out = Fixtures.empty(b, DType.FLOAT32, 1, 2, 2);
        b.matmul(a, c, out);
        assertArrayEquals(new double[] {58, 64, 139, 154}, doubles(out));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64", "FLOAT16", "BFLOAT16"})
    void batchedWithBroadcastBatchAndTransposedOperandMatchesNaive(DType t) {
        int batches = 3, m = 7, k = 13, n = 5;
        Random rnd = new Random(42);
        double[] av = new double[batches * k * m];
        for (int i = 0; i < av.length; i++) av[i] = rnd.nextInt(17) / 4.0 - 2;
        double[] cv = new double[k * n];
        for (int i = 0; i < cv.length; i++) cv[i] = rnd.nextGaussian();
        // a stored as [B, K, M] and read transposed as [B, M, K]
        View a = Fixtures.transpose(of(b, t, av, batches, k, m), 1, 2);
        // c stored as one [K, N] matrix, broadcast over the batch with stride 0
        View c1 = of(b, t, cv, k, n);
        View c = Fixtures.restride(c1, 0, new int[] {batches, k, n}, new long[] {0, n, 1});
        View out = Fixtures.empty(b, t, batches, m, n);
        b.matmul(a, c, out);
        assertArrayEquals(naive(a, c, t), doubles(out));
    }

    @Test
    void writesIntoAStridedOutput() {
        View a = of(b, DType.FLOAT64, new double[] {1, 2, 3, 4}, 1, 2, 2);
        View c = of(b, DType.FLOAT64, new double[] {1, 0, 0, 1}, 1, 2, 2);
        View buf = Fixtures.empty(b, DType.FLOAT64, 2, 2);
        View outT = Fixtures.transpose(Fixtures.restride(buf, 0, new int[] {1, 2, 2}, new long[] {4, 2, 1}), 1, 2);
        b.matmul(a, c, outT);
        assertArrayEquals(new double[] {1, 3, 2, 4}, doubles(buf));
    }

    @Test
    void int64IsExactAndInt32Wraps() {
        View a = ofLongs(b, DType.INT64, new long[] {1L << 40, 3, 1, 1}, 1, 2, 2);
        View c = ofLongs(b, DType.INT64, new long[] {(1L << 20) + 1, 1, 1, 1}, 1, 2, 2);
        View out = Fixtures.empty(b, DType.INT64, 1, 2, 2);
        b.matmul(a, c, out);
        assertArrayEquals(new long[] {(1L << 60) + (1L << 40) + 3, (1L << 40) + 3, (1L << 20) + 2, 2}, longs(out));
        View x = ofLongs(b, DType.INT32, new long[] {1 << 16, 1}, 1, 1, 2);
        View y = ofLongs(b, DType.INT32, new long[] {1 << 15, 0}, 1, 2, 1);
        View o = Fixtures.empty(b, DType.INT32, 1, 1, 1);
        b.matmul(x, y, o);
        assertArrayEquals(new long[] {Integer.MIN_VALUE}, longs(o), "2^31 wraps to Integer.MIN_VALUE in int32");
    }

    @Test
    void boolMatmulIsAnyOfAnd() {
        View a = ofLongs(b, DType.BOOL, new long[] {1, 0, 0, 0}, 1, 2, 2);
        View c = ofLongs(b, DType.BOOL, new long[] {1, 1, 1, 0}, 1, 2, 2);
        View out = Fixtures.empty(b, DType.BOOL, 1, 2, 2);
        b.matmul(a, c, out);
        assertArrayEquals(new long[] {1, 1, 0, 0}, longs(out));
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        View a = Fixtures.empty(b, DType.FLOAT32, 2, 3, 0);
        View c = Fixtures.empty(b, DType.FLOAT32, 2, 0, 4);
        View out = of(b, DType.FLOAT32, Fixtures.ramp(24, 1, 1), 2, 3, 4);
        b.matmul(a, c, out);
        assertArrayEquals(new double[24], doubles(out));
    }

    @Test
    void infTimesZeroIsNaN() {
        View a = of(b, DType.FLOAT32, new double[] {0, 1}, 1, 1, 2);
        View c = of(b, DType.FLOAT32, new double[] {Double.POSITIVE_INFINITY, 2}, 1, 2, 1);
        View out = Fixtures.empty(b, DType.FLOAT32, 1, 1, 1);
        b.matmul(a, c, out);
        assertEquals(Double.NaN, doubles(out)[0]);
    }
}
