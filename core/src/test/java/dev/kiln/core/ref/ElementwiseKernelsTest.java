package dev.kiln.core.ref;

import dev.kiln.DType;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.DoubleUnaryOperator;

import static dev.kiln.core.ref.Fixtures.doubles;
import static dev.kiln.core.ref.Fixtures.longs;
import static dev.kiln.core.ref.Fixtures.of;
import static dev.kiln.core.ref.Fixtures.ofLongs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** unary, binary, where, copy and fill. */
class ElementwiseKernelsTest {
    private final ReferenceBackend b = new ReferenceBackend();

    private double[] unary(UnaryOp op, DType t, double... x) {
        View in = of(b, t, x, x.length);
        View out = Fixtures.empty(b, t, x.length);
        b.unary(op, in, out);
        return doubles(out);
    }

    @Test
    void floatingUnaryOpsMatchTheirDefinitions() {
        double[] x = {-2, -0.5, 0, 0.25, 3};
        record Case(UnaryOp op, DoubleUnaryOperator f) {}
        Case[] cases = {
                new Case(UnaryOp.NEG, v -> -v), new Case(UnaryOp.ABS, Math::abs),
                new Case(UnaryOp.SIGN, Math::signum), new Case(UnaryOp.RELU, v -> v > 0 ? v : 0),
                new Case(UnaryOp.EXP, Math::exp), new Case(UnaryOp.TANH, Math::tanh),
                new Case(UnaryOp.SIGMOID, v -> 1 / (1 + Math.exp(-v))), new Case(UnaryOp.SIN, Math::sin),
                new Case(UnaryOp.COS, Math::cos), new Case(UnaryOp.LOGICAL_NOT, v -> v == 0 ? 1 : 0)};
        for (Case c : cases) {
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) expected[i] = c.f.applyAsDouble(x[i]);
            assertArrayEquals(expected, unary(c.op, DType.FLOAT64, x), c.op.toString());
            for (int i = 0; i < x.length; i++) expected[i] = (float) expected[i];
            assertArrayEquals(expected, unary(c.op, DType.FLOAT32, x), c.op + " float32 rounds once");
        }
        assertArrayEquals(new double[] {0, 1, 2}, unary(UnaryOp.LOG, DType.FLOAT64, 1, Math.E, Math.E * Math.E), 1e-15);
        assertArrayEquals(new double[] {0, 3, 0.5}, unary(UnaryOp.SQRT, DType.FLOAT64, 0, 9, 0.25));
        assertArrayEquals(new double[] {-4, 0.5, Double.POSITIVE_INFINITY},
                unary(UnaryOp.RECIPROCAL, DType.FLOAT64, -0.25, 2, 0));
        assertTrue(Double.isNaN(unary(UnaryOp.SQRT, DType.FLOAT32, -1)[0]));
    }

    @Test
    void nanFollowsPyTorch() {
        assertEquals(0.0, unary(UnaryOp.SIGN, DType.FLOAT32, Double.NaN)[0], "torch.sign(nan) == 0");
        assertTrue(Double.isNaN(unary(UnaryOp.RELU, DType.FLOAT32, Double.NaN)[0]));
        assertEquals(0.0, unary(UnaryOp.LOGICAL_NOT, DType.FLOAT32, Double.NaN)[0], "nan is truthy");
    }

    @Test
    void float16UnaryRoundsTheDoubleResultOnce() {
        double[] r = unary(UnaryOp.EXP, DType.FLOAT16, 1.0);
        assertEquals(2.71875, r[0], "e rounded to binary16");
        assertArrayEquals(new double[] {1, 0.5}, unary(UnaryOp.SIGMOID, DType.BFLOAT16, 100, 0));
    }

    @Test
    void integerUnaryOpsComputeInLong() {
        View u = ofLongs(b, DType.UINT8, new long[] {5, 0, 255}, 3);
        View uo = Fixtures.empty(b, DType.UINT8, 3);
        b.unary(UnaryOp.NEG, u, uo);
        assertArrayEquals(new long[] {251, 0, 1}, longs(uo), "-uint8 wraps as in PyTorch");
        View l = ofLongs(b, DType.INT64, new long[] {-(1L << 53) - 1, 0, 7}, 3);
        View lo = Fixtures.empty(b, DType.INT64, 3);
        b.unary(UnaryOp.ABS, l, lo);
        assertArrayEquals(new long[] {(1L << 53) + 1, 0, 7}, longs(lo));
        b.unary(UnaryOp.SIGN, l, lo);
        assertArrayEquals(new long[] {-1, 0, 1}, longs(lo));
        b.unary(UnaryOp.RELU, l, lo);
        assertArrayEquals(new long[] {0, 0, 7}, longs(lo));
        View bo = ofLongs(b, DType.BOOL, new long[] {1, 0}, 2);
        b.unary(UnaryOp.LOGICAL_NOT, bo, bo);
        assertArrayEquals(new long[] {0, 1}, longs(bo));
    }

    @Test
    void floatingOnlyUnaryOnIntegersIsRejected() {
        View l = ofLongs(b, DType.INT32, new long[] {1}, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> b.unary(UnaryOp.EXP, l, l));
        assertTrue(e.getMessage().contains("EXP") && e.getMessage().contains("int32"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13, 31, 257})
    void unaryOverTransposedViewsOfAwkwardLengths(int n) {
        // a [3, n] tensor read transposed as [n, 3], written to a contiguous [n, 3]
        View a = of(b, DType.FLOAT32, Fixtures.ramp(3 * n, 0.5, -n), 3, n);
        View at = Fixtures.transpose(a, 0, 1);
        View out = Fixtures.empty(b, DType.FLOAT32, n, 3);
        b.unary(UnaryOp.ABS, at, out);
        double[] r = doubles(out);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) assertEquals(Math.abs((j * n + i) * 0.5 - n), r[i * 3 + j]);
        }
    }

    @Test
    void binaryBroadcastsThroughStrideZero() {
        View col = of(b, DType.FLOAT32, new double[] {10, 20}, 2);
        View row = of(b, DType.FLOAT32, new double[] {1, 2, 3}, 3);
        View a = Fixtures.restride(col, 0, new int[] {2, 3}, new long[] {1, 0});
        View c = Fixtures.restride(row, 0, new int[] {2, 3}, new long[] {0, 1});
        View out = Fixtures.empty(b, DType.FLOAT32, 2, 3);
        b.binary(BinaryOp.ADD, a, c, out);
        assertArrayEquals(new double[] {11, 12, 13, 21, 22, 23}, doubles(out));
        b.binary(BinaryOp.SUB, a, c, out);
        assertArrayEquals(new double[] {9, 8, 7, 19, 18, 17}, doubles(out));
        b.binary(BinaryOp.DIV, c, a, out);
        assertArrayEquals(new double[] {0.1f, 0.2f, 0.3f, 0.05f, 0.1f, 0.15f}, doubles(out));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13, 31, 257})
    void binaryOnAwkwardLengthsWithATransposedOperand(int n) {
        View a = of(b, DType.FLOAT64, Fixtures.ramp(2 * n, 1, 0), n, 2);
        View at = Fixtures.transpose(a, 0, 1);                 // [2, n], strides [1, 2]
        View c = of(b, DType.FLOAT64, Fixtures.ramp(2 * n, 0.25, 1), 2, n);
        View out = Fixtures.empty(b, DType.FLOAT64, 2, n);
        b.binary(BinaryOp.MUL, at, c, out);
        double[] r = doubles(out);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals((j * 2 + i) * ((i * n + j) * 0.25 + 1), r[i * n + j]);
            }
        }
    }

    @Test
    void inPlaceBinaryUsesTheSameView() {
        View a = of(b, DType.FLOAT32, new double[] {1, 2, 3}, 3);
        View c = of(b, DType.FLOAT32, new double[] {4, 5, 6}, 3);
        b.binary(BinaryOp.ADD, a, c, a);
        assertArrayEquals(new double[] {5, 7, 9}, doubles(a));
    }

    @Test
    void float16AdditionRoundsOnce() {
        View a = of(b, DType.FLOAT16, new double[] {1, 1}, 2);
        View c = of(b, DType.FLOAT16, new double[] {0x1p-11, 3 * 0x1p-11}, 2);
        View out = Fixtures.empty(b, DType.FLOAT16, 2);
        b.binary(BinaryOp.ADD, a, c, out);
        assertArrayEquals(new double[] {1, 1 + 0x1p-9}, doubles(out));
    }

    @Test
    void integerArithmeticIsExactAndWraps() {
        View a = ofLongs(b, DType.INT64, new long[] {(1L << 53) + 1, Long.MAX_VALUE, -7}, 3);
        View c = ofLongs(b, DType.INT64, new long[] {1, 2, 2}, 3);
        View out = Fixtures.empty(b, DType.INT64, 3);
        b.binary(BinaryOp.ADD, a, c, out);
        assertArrayEquals(new long[] {(1L << 53) + 2, Long.MIN_VALUE + 1, -5}, longs(out));
        b.binary(BinaryOp.MUL, a, c, out);
        assertArrayEquals(new long[] {(1L << 53) + 1, -2, -14}, longs(out));
        b.binary(BinaryOp.DIV, a, c, out);
        assertArrayEquals(new long[] {(1L << 53) + 1, Long.MAX_VALUE / 2, -3}, longs(out), "truncating division");

        View i32 = ofLongs(b, DType.INT32, new long[] {Integer.MAX_VALUE}, 1);
        View one = ofLongs(b, DType.INT32, new long[] {1}, 1);
        View o32 = Fixtures.empty(b, DType.INT32, 1);
        b.binary(BinaryOp.ADD, i32, one, o32);
        assertArrayEquals(new long[] {Integer.MIN_VALUE}, longs(o32));

        View u = ofLongs(b, DType.UINT8, new long[] {200, 3}, 2);
        View v = ofLongs(b, DType.UINT8, new long[] {100, 5}, 2);
        View uo = Fixtures.empty(b, DType.UINT8, 2);
        b.binary(BinaryOp.ADD, u, v, uo);
        assertArrayEquals(new long[] {44, 8}, longs(uo));
        b.binary(BinaryOp.SUB, u, v, uo);
        assertArrayEquals(new long[] {100, 254}, longs(uo));
        b.binary(BinaryOp.GT, u, v, uo);
        assertArrayEquals(new long[] {1, 0}, longs(uo), "uint8 compares unsigned");

        View zero = ofLongs(b, DType.INT64, new long[] {0, 0, 0}, 3);
        var e = assertThrows(ArithmeticException.class, () -> b.binary(BinaryOp.DIV, a, zero, out));
        assertTrue(e.getMessage().contains("DIV"), e.getMessage());
    }

    @Test
    void powOnIntegersAndFloats() {
        View base = ofLongs(b, DType.INT64, new long[] {3, 2, -1, -1, 2, 5, 0}, 7);
        View exp = ofLongs(b, DType.INT64, new long[] {5, -1, -3, -4, 64, 0, 0}, 7);
        View out = Fixtures.empty(b, DType.INT64, 7);
        b.binary(BinaryOp.POW, base, exp, out);
        assertArrayEquals(new long[] {243, 0, -1, 1, 0, 1, 1}, longs(out));
        View big = ofLongs(b, DType.INT64, new long[] {3}, 1);
        View e39 = ofLongs(b, DType.INT64, new long[] {39}, 1);
        View o1 = Fixtures.empty(b, DType.INT64, 1);
        b.binary(BinaryOp.POW, big, e39, o1);
        long expected = 1;
        for (int i = 0; i < 39; i++) expected *= 3;
        assertEquals(expected, longs(o1)[0], "3^39 exact in int64 (beyond 2^53)");

        View x = of(b, DType.FLOAT64, new double[] {1, -1, 2, 1.5, -2}, 5);
        View y = of(b, DType.FLOAT64, new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0.5, 2, 3}, 5);
        View o = Fixtures.empty(b, DType.FLOAT64, 5);
        b.binary(BinaryOp.POW, x, y, o);
        assertArrayEquals(new double[] {1, 1, Math.sqrt(2), 2.25, -8}, doubles(o));
    }

    @Test
    void comparisonsWriteBoolAndHandleNaN() {
        double nan = Double.NaN;
        View a = of(b, DType.FLOAT32, new double[] {1, 2, nan, 3}, 4);
        View c = of(b, DType.FLOAT32, new double[] {1, 1, nan, 4}, 4);
        View out = Fixtures.empty(b, DType.BOOL, 4);
        long[][] expected = {
                {1, 0, 0, 0}, {0, 1, 1, 1}, {0, 0, 0, 1}, {1, 0, 0, 1}, {0, 1, 0, 0}, {1, 1, 0, 0}};
        BinaryOp[] ops = {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};
        for (int k = 0; k < ops.length; k++) {
            b.binary(ops[k], a, c, out);
            assertArrayEquals(expected[k], longs(out), ops[k].toString());
        }
        View l = ofLongs(b, DType.INT64, new long[] {(1L << 53) + 1}, 1);
        View m = ofLongs(b, DType.INT64, new long[] {1L << 53}, 1);
        View o1 = Fixtures.empty(b, DType.BOOL, 1);
        b.binary(BinaryOp.EQ, l, m, o1);
        assertArrayEquals(new long[] {0}, longs(o1), "int64 compares exactly, not through double");
    }

    @Test
    void maximumAndMinimumPropagateNaN() {
        View a = of(b, DType.FLOAT64, new double[] {1, Double.NaN, 5}, 3);
        View c = of(b, DType.FLOAT64, new double[] {2, 0, Double.NaN}, 3);
        View out = Fixtures.empty(b, DType.FLOAT64, 3);
        b.binary(BinaryOp.MAXIMUM, a, c, out);
        double[] r = doubles(out);
        assertEquals(2, r[0]);
        assertTrue(Double.isNaN(r[1]) && Double.isNaN(r[2]));
        b.binary(BinaryOp.MINIMUM, a, c, out);
        r = doubles(out);
        assertEquals(1, r[0]);
        assertTrue(Double.isNaN(r[1]) && Double.isNaN(r[2]));
    }

    @Test
    void logicalOpsOnBool() {
        View a = ofLongs(b, DType.BOOL, new long[] {0, 0, 1, 1}, 4);
        View c = ofLongs(b, DType.BOOL, new long[] {0, 1, 0, 1}, 4);
        View out = Fixtures.empty(b, DType.BOOL, 4);
        b.binary(BinaryOp.LOGICAL_AND, a, c, out);
        assertArrayEquals(new long[] {0, 0, 0, 1}, longs(out));
        b.binary(BinaryOp.LOGICAL_OR, a, c, out);
        assertArrayEquals(new long[] {0, 1, 1, 1}, longs(out));
    }

    @Test
    void whereSelectsWithABroadcastCondition() {
        View cond = ofLongs(b, DType.BOOL, new long[] {1, 0, 1}, 3);
        View condB = Fixtures.restride(cond, 0, new int[] {2, 3}, new long[] {0, 1});
        View a = ofLongs(b, DType.INT64, new long[] {1, 2, 3, 4, 5, Long.MAX_VALUE}, 2, 3);
        View c = ofLongs(b, DType.INT64, new long[] {-1, -2, -3, -4, -5, -6}, 2, 3);
        View out = Fixtures.empty(b, DType.INT64, 2, 3);
        b.where(condB, a, c, out);
        assertArrayEquals(new long[] {1, -2, 3, 4, -5, Long.MAX_VALUE}, longs(out));
        View h = of(b, DType.FLOAT16, new double[] {0.1, 0.2, 0.3}, 3);
        View g = of(b, DType.FLOAT16, new double[] {9, 9, 9}, 3);
        View ho = Fixtures.empty(b, DType.FLOAT16, 3);
        b.where(cond, h, g, ho);
        assertArrayEquals(new double[] {Fixtures.at(h, 0), 9, Fixtures.at(h, 2)}, doubles(ho));
    }

    @Test
    void copyCastsAsPyTorch() {
        View f = of(b, DType.FLOAT32, new double[] {-2.7, 2.7, 0, Double.NaN, 255}, 5);
        View i = Fixtures.empty(b, DType.INT32, 5);
        b.copy(Fixtures.restride(f, 0, new int[] {3}, new long[] {1}), Fixtures.restride(i, 0, new int[] {3}, new long[] {1}));
        assertArrayEquals(new long[] {-2, 2, 0, 0, 0}, longs(i), "truncation toward zero");
        View bo = Fixtures.empty(b, DType.BOOL, 5);
        b.copy(f, bo);
        assertArrayEquals(new long[] {1, 1, 0, 1, 1}, longs(bo), "x != 0, NaN is true");
        View u = Fixtures.empty(b, DType.UINT8, 5);
        b.copy(f, u);
        assertEquals(255, longs(u)[4]);

        View l = ofLongs(b, DType.INT64, new long[] {(1L << 53) + 1, -3}, 2);
        View d = Fixtures.empty(b, DType.FLOAT64, 2);
        b.copy(l, d);
        assertArrayEquals(new double[] {0x1p53, -3}, doubles(d));
        View l2 = Fixtures.empty(b, DType.INT64, 2);
        b.copy(l, l2);
        assertArrayEquals(new long[] {(1L << 53) + 1, -3}, longs(l2), "same dtype moves bits exactly");

        View x = of(b, DType.FLOAT64, new double[] {1 + 0x1p-11 + 0x1p-40, 65520}, 2);
        View h = Fixtures.empty(b, DType.FLOAT16, 2);
        b.copy(x, h);
        assertArrayEquals(new double[] {1 + 0x1p-10, Double.POSITIVE_INFINITY}, doubles(h));

        View fromBool = Fixtures.empty(b, DType.FLOAT32, 5);
        b.copy(bo, fromBool);
        assertArrayEquals(new double[] {1, 1, 0, 1, 1}, doubles(fromBool));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13, 31, 257})
    void copyMakesATransposeContiguous(int n) {
        View a = of(b, DType.BFLOAT16, Fixtures.ramp(3 * n, 1, 0), 3, n);
        View out = Fixtures.empty(b, DType.FLOAT32, n, 3);
        b.copy(Fixtures.transpose(a, 0, 1), out);
        double[] r = doubles(out);
        double[] src = doubles(a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) assertEquals(src[j * n + i], r[i * 3 + j]);
        }
    }

    @Test
    void fillWritesOnlyTheAddressedElements() {
        View a = ofLongs(b, DType.INT64, new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        b.fill(Fixtures.restride(a, 1, new int[] {2}, new long[] {3}), -9);
        assertArrayEquals(new long[] {1, -9, 3, 4, -9, 6}, longs(a));
        View h = Fixtures.empty(b, DType.FLOAT16, 3);
        b.fill(h, 0.1);
        assertArrayEquals(new double[] {Float.float16ToFloat(Float.floatToFloat16(0.1f)),
                Float.float16ToFloat(Float.floatToFloat16(0.1f)), Float.float16ToFloat(Float.floatToFloat16(0.1f))},
                doubles(h));
        View bo = Fixtures.empty(b, DType.BOOL, 2);
        b.fill(bo, 0.5);
        assertArrayEquals(new long[] {1, 1}, longs(bo));
        View scalar = Fixtures.empty(b, DType.FLOAT64);
        b.fill(scalar, 4.25);
        assertArrayEquals(new double[] {4.25}, doubles(scalar), "0-d view");
        View none = Fixtures.empty(b, DType.FLOAT64, 0, 3);
        b.fill(none, 1);
        assertEquals(0, doubles(none).length);
    }
}
