package dev.kiln.core.ref;

import dev.kiln.DType;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.kiln.core.ref.Fixtures.doubles;
import static dev.kiln.core.ref.Fixtures.longs;
import static dev.kiln.core.ref.Fixtures.of;
import static dev.kiln.core.ref.Fixtures.ofLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reduce over single, multiple and all axes; NaN; argmax ties; empty reductions. */
class ReduceKernelTest {
    private final ReferenceBackend b = new ReferenceBackend();
    private static final double NAN = Double.NaN;

    private double[] reduce(ReduceOp op, View in, int[] axes, int... outShape) {
        View out = Fixtures.empty(b, op.isIndex() ? DType.INT64 : in.dtype(), outShape);
        b.reduce(op, in, axes, out);
        return doubles(out);
    }

    @Test
    void sumOverEachAxisAndAll() {
        View x = of(b, DType.FLOAT32, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {5, 7, 9}, reduce(ReduceOp.SUM, x, new int[] {0}, 1, 3));
        assertArrayEquals(new double[] {6, 15}, reduce(ReduceOp.SUM, x, new int[] {1}, 2, 1));
        assertArrayEquals(new double[] {21}, reduce(ReduceOp.SUM, x, new int[] {0, 1}, 1, 1));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, reduce(ReduceOp.SUM, x, new int[0], 2, 3), "no axes: identity");
        assertArrayEquals(new double[] {6, 120}, reduce(ReduceOp.PROD, x, new int[] {1}, 2, 1));
        assertArrayEquals(new double[] {4, 5, 6}, reduce(ReduceOp.MAX, x, new int[] {0}, 1, 3));
        assertArrayEquals(new double[] {1, 4}, reduce(ReduceOp.MIN, x, new int[] {1}, 2, 1));
    }

    @Test
    void sumOverMultipleAxesOfATransposedInput() {
        // x[i][j][k] = 100 i + 10 j + k over [2, 3, 4], read through a transposed view [4, 3, 2]
        double[] v = new double[24];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) v[i * 12 + j * 4 + k] = 100 * i + 10 * j + k;
        View x = of(b, DType.FLOAT64, v, 2, 3, 4);
        View xt = Fixtures.transpose(x, 0, 2);                       // [4, 3, 2]: xt[k][j][i]
        // reduce axes 0 and 2 (k and i) -> [1, 3, 1]: sum over k,i of (100 i + 10 j + k) = 8*10j + 4*100 + 2*6
        assertArrayEquals(new double[] {412, 492, 572}, reduce(ReduceOp.SUM, xt, new int[] {0, 2}, 1, 3, 1));
        // into a non-contiguous out: every other element of a [6] buffer
        View buf = Fixtures.empty(b, DType.FLOAT64, 6);
        View out = Fixtures.restride(buf, 1, new int[] {1, 3, 1}, new long[] {0, 2, 0});
        b.reduce(ReduceOp.MAX, xt, new int[] {0, 2}, out);
        assertArrayEquals(new double[] {0, 103, 0, 113, 0, 123}, doubles(buf));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13, 31, 257})
    void sumOfAwkwardLengthsAccumulatesInDouble(int n) {
        double[] v = new double[2 * n];
        double s0 = 0, s1 = 0;
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.1 * (i + 1));
            v[n + i] = (float) (0.5 - 0.3 * i);
            s0 += v[i];
            s1 += v[n + i];
        }
        View x = of(b, DType.FLOAT32, v, 2, n);
        assertArrayEquals(new double[] {(float) s0, (float) s1}, reduce(ReduceOp.SUM, x, new int[] {1}, 2, 1));
        double[] argmin = reduce(ReduceOp.ARGMIN, x, new int[] {1}, 2, 1);
        assertArrayEquals(new double[] {0, n - 1}, argmin);
    }

    @Test
    void maxAndMinPropagateNaN() {
        View x = of(b, DType.FLOAT32, new double[] {1, NAN, 3, 4, 5, 6}, 2, 3);
        double[] max = reduce(ReduceOp.MAX, x, new int[] {1}, 2, 1);
        assertTrue(Double.isNaN(max[0]));
        assertEquals(6, max[1]);
        double[] min = reduce(ReduceOp.MIN, x, new int[] {0}, 1, 3);
        assertEquals(1, min[0]);
        assertTrue(Double.isNaN(min[1]));
        View sumNan = of(b, DType.FLOAT64, new double[] {1, NAN}, 2);
        assertTrue(Double.isNaN(reduce(ReduceOp.SUM, sumNan, new int[] {0}, 1)[0]));
    }

    @Test
    void argReductionsReturnTheFirstExtremeAndNaNWins() {
        View ties = of(b, DType.FLOAT32, new double[] {1, 7, 3, 7, 1, 0}, 6);
        assertArrayEquals(new double[] {1}, reduce(ReduceOp.ARGMAX, ties, new int[] {0}, 1));
        View ties2 = of(b, DType.FLOAT32, new double[] {5, 0, 3, 0, 9, 0}, 6);
        assertArrayEquals(new double[] {1}, reduce(ReduceOp.ARGMIN, ties2, new int[] {0}, 1));
        View nan = of(b, DType.FLOAT64, new double[] {1, 9, NAN, 10, NAN}, 5);
        assertArrayEquals(new double[] {2}, reduce(ReduceOp.ARGMAX, nan, new int[] {0}, 1));
        assertArrayEquals(new double[] {2}, reduce(ReduceOp.ARGMIN, nan, new int[] {0}, 1));
        View x = of(b, DType.FLOAT32, new double[] {1, 5, 2, 8, 0, 8}, 2, 3);
        assertArrayEquals(new double[] {1, 0, 1}, reduce(ReduceOp.ARGMAX, x, new int[] {0}, 1, 3));
        assertArrayEquals(new double[] {1, 0}, reduce(ReduceOp.ARGMAX, x, new int[] {1}, 2, 1));
        View out = Fixtures.empty(b, DType.INT64, 2, 1);
        b.reduce(ReduceOp.ARGMIN, x, new int[] {1}, out);
        assertArrayEquals(new long[] {0, 1}, longs(out), "writes int64");
    }

    @Test
    void integerReductionsAreExactInLong() {
        View x = ofLongs(b, DType.INT64, new long[] {1L << 53, 1, 1}, 3);
        View out = Fixtures.empty(b, DType.INT64, 1);
        b.reduce(ReduceOp.SUM, x, new int[] {0}, out);
        assertArrayEquals(new long[] {(1L << 53) + 2}, longs(out));
        View y = ofLongs(b, DType.INT64, new long[] {(1L << 53) + 1, 1L << 53}, 2);
        b.reduce(ReduceOp.ARGMAX, y, new int[] {0}, out);
        assertArrayEquals(new long[] {0}, longs(out), "int64 compares exactly");
        b.reduce(ReduceOp.MIN, y, new int[] {0}, out);
        assertArrayEquals(new long[] {1L << 53}, longs(out));
        View u = ofLongs(b, DType.UINT8, new long[] {200, 100, 255}, 3);
        View uo = Fixtures.empty(b, DType.UINT8, 1);
        b.reduce(ReduceOp.MAX, u, new int[] {0}, uo);
        assertArrayEquals(new long[] {255}, longs(uo));
        b.reduce(ReduceOp.SUM, u, new int[] {0}, uo);
        assertArrayEquals(new long[] {555 % 256}, longs(uo), "keeps the dtype and wraps");
    }

    @Test
    void zeroElementReductions() {
        View x = Fixtures.empty(b, DType.FLOAT32, 2, 0);
        assertArrayEquals(new double[] {0, 0}, reduce(ReduceOp.SUM, x, new int[] {1}, 2, 1));
        assertArrayEquals(new double[] {1, 1}, reduce(ReduceOp.PROD, x, new int[] {1}, 2, 1));
        for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN, ReduceOp.ARGMAX, ReduceOp.ARGMIN}) {
            View out = Fixtures.empty(b, op.isIndex() ? DType.INT64 : DType.FLOAT32, 2, 1);
            var e = assertThrows(IllegalArgumentException.class, () -> b.reduce(op, x, new int[] {1}, out));
            assertTrue(e.getMessage().contains(op.name()) && e.getMessage().contains("[2, 0]"), e.getMessage());
        }
        View l = Fixtures.empty(b, DType.INT64, 0);
        View lo = Fixtures.empty(b, DType.INT64, 1);
        b.reduce(ReduceOp.PROD, l, new int[] {0}, lo);
        assertArrayEquals(new long[] {1}, longs(lo));
    }

    @Test
    void float16SumRoundsOnceAtTheEnd() {
        // 1 + 16 * 2^-11: each partial sum in float16 would stay at 1 (ties to even), in double it is 1 + 2^-7
        double[] v = new double[17];
        v[0] = 1;
        for (int i = 1; i < 17; i++) v[i] = 0x1p-11;
        View x = of(b, DType.FLOAT16, v, 17);
        assertArrayEquals(new double[] {1 + 0x1p-7}, reduce(ReduceOp.SUM, x, new int[] {0}, 1));
    }

    @Test
    void badAxesAreRejected() {
        View x = of(b, DType.FLOAT32, new double[] {1, 2, 3, 4}, 2, 2);
        View out = Fixtures.empty(b, DType.FLOAT32, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> b.reduce(ReduceOp.SUM, x, new int[] {1, 0}, out));
        assertThrows(IllegalArgumentException.class, () -> b.reduce(ReduceOp.ARGMAX, x, new int[] {0, 1}, out));
    }
}
