package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.kiln.plugins.simd.Harness.Spec;
import static dev.kiln.plugins.simd.Harness.assertClose;
import static dev.kiln.plugins.simd.Harness.contiguous;
import static dev.kiln.plugins.simd.Harness.download;
import static dev.kiln.plugins.simd.Harness.upload;
import static dev.kiln.plugins.simd.Harness.values;

/**
 * Elementwise kernels of the simd backend against the reference backend, at every width this CPU
 * runs, on awkward lengths (0, 1, 3, 7, 13, 31, 257, 4099 and one long enough to be threaded), with
 * NaN, infinities and signed zeros among the values: contiguous, broadcast scalar, broadcast row,
 * broadcast column and strided (transposed) operands. Arithmetic that rounds once (add, sub, mul, div,
 * max, min, neg, abs, relu, sqrt, reciprocal) must be bit-identical; transcendental functions within
 * a few ulps.
 */
class ElementwiseKernelsTest {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};
    private static final DType[] INTS = {DType.INT32, DType.INT64, DType.INT8, DType.UINT8};

    @Test
    void binaryContiguousAndScalarBroadcast() {
        Random rnd = new Random(1);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (int n : Harness.LENGTHS) {
                for (DType t : FLOATS) {
                    int[] shape = {n};
                    Spec a = Harness.contiguousSpec(t, shape, values(rnd, n, true, t));
                    Spec b = Harness.contiguousSpec(t, shape, values(rnd, n, true, t));
                    Spec s = new Spec(t, shape, new long[] {0}, 0, filled(n, rnd.nextGaussian()));
                    for (BinaryOp op : BinaryOp.values()) {
                        if (op.category() == BinaryOp.Category.LOGICAL) continue;
                        String what = bits + " bits, " + op + " " + t.torchName() + " n=" + n;
                        binary(h, op, a, b, what + " contiguous");
                        binary(h, op, a, s, what + " tensor-scalar");
                        binary(h, op, s, b, what + " scalar-tensor");
                    }
                }
            }
            h.close();
        }
    }

    @Test
    void threadedLengths() {
        Random rnd = new Random(11);
        Harness h = new Harness(Harness.widths().getLast());
        int n = Harness.THREADED;
        for (DType t : FLOATS) {
            Spec a = Harness.contiguousSpec(t, new int[] {n}, values(rnd, n, true, t));
            Spec b = Harness.contiguousSpec(t, new int[] {n}, values(rnd, n, true, t));
            Spec s = new Spec(t, new int[] {n}, new long[] {0}, 0, filled(n, 0.5));
            binary(h, BinaryOp.ADD, a, b, "threaded add " + t);
            binary(h, BinaryOp.MAXIMUM, a, s, "threaded maximum with a scalar " + t);
            unary(h, UnaryOp.EXP, a, "threaded exp " + t);
            int rows = n / 257;
            Spec m = Harness.contiguousSpec(t, new int[] {rows, 257}, values(rnd, rows * 257L, true, t));
            Spec row = new Spec(t, new int[] {rows, 257}, new long[] {0, 1}, 0, tile(values(rnd, 257, true, t), rows));
            binary(h, BinaryOp.MUL, m, row, "threaded row broadcast " + t);
        }
        h.close();
    }

    @Test
    void binaryRowColumnAndStrided() {
        Random rnd = new Random(2);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (int n : new int[] {1, 3, 7, 13, 31, 257}) {
                for (DType t : FLOATS) {
                    int rows = 5;
                    int[] shape = {rows, n};
                    Spec a = Harness.contiguousSpec(t, shape, values(rnd, rows * n, true, t));
                    Spec row = new Spec(t, shape, new long[] {0, 1}, 2, tile(values(rnd, n, true, t), rows));
                    Spec col = new Spec(t, shape, new long[] {1, 0}, 1, repeat(values(rnd, rows, true, t), n));
                    Spec transposed = new Spec(t, shape, new long[] {1, rows}, 3, values(rnd, rows * n, true, t));
                    for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV,
                            BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.POW, BinaryOp.LT}) {
                        String what = bits + " bits, " + op + " " + t.torchName() + " [5, " + n + "]";
                        binary(h, op, a, row, what + " row broadcast");
                        binary(h, op, row, a, what + " row broadcast (left)");
                        binary(h, op, a, col, what + " column broadcast");
                        binary(h, op, transposed, a, what + " transposed");
                    }
                }
            }
            h.close();
        }
    }

    @Test
    void binaryIntegersAndBool() {
        Random rnd = new Random(3);
        Harness h = new Harness(128);
        for (int n : new int[] {0, 1, 7, 31}) {
            for (DType t : INTS) {
                int[] shape = {n};
                Spec a = Harness.contiguousSpec(t, shape, values(rnd, n, false, t));
                double[] bv = values(rnd, n, false, t);
                for (int i = 0; i < n; i++) if (bv[i] == 0) bv[i] = 3; // integer division by zero throws
                Spec b = Harness.contiguousSpec(t, shape, bv);
                for (BinaryOp op : BinaryOp.values()) {
                    if (op.category() == BinaryOp.Category.LOGICAL) continue;
                    binary(h, op, a, b, op + " " + t.torchName() + " n=" + n);
                }
            }
            Spec p = Harness.contiguousSpec(DType.BOOL, new int[] {n}, values(rnd, n, false, DType.BOOL));
            Spec q = Harness.contiguousSpec(DType.BOOL, new int[] {n}, values(rnd, n, false, DType.BOOL));
            binary(h, BinaryOp.LOGICAL_AND, p, q, "and n=" + n);
            binary(h, BinaryOp.LOGICAL_OR, p, q, "or n=" + n);
        }
        h.close();
    }

    @Test
    void unaryEveryOp() {
        Random rnd = new Random(4);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (int n : Harness.LENGTHS) {
                for (DType t : FLOATS) {
                    int[] shape = {n};
                    Spec a = Harness.contiguousSpec(t, shape, values(rnd, n, true, t));
                    for (UnaryOp op : UnaryOp.values()) {
                        if (op == UnaryOp.LOGICAL_NOT) continue;
                        unary(h, op, a, bits + " bits, " + op + " " + t.torchName() + " n=" + n);
                    }
                }
            }
            // rows of a transposed view: the row path when the inner dimension is contiguous
            for (DType t : FLOATS) {
                int[] shape = {3, 37};
                Spec a = new Spec(t, shape, new long[] {40, 1}, 2, values(rnd, 3 * 37, true, t));
                Spec tr = new Spec(t, shape, new long[] {1, 3}, 0, values(rnd, 3 * 37, true, t));
                for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.RELU, UnaryOp.NEG, UnaryOp.SIGN}) {
                    unary(h, op, a, bits + " bits, " + op + " padded rows " + t.torchName());
                    unary(h, op, tr, bits + " bits, " + op + " transposed " + t.torchName());
                }
            }
            h.close();
        }
        Harness h = new Harness(128);
        for (DType t : INTS) {
            Spec a = Harness.contiguousSpec(t, new int[] {31}, values(rnd, 31, false, t));
            for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.RELU}) {
                unary(h, op, a, op + " " + t.torchName());
            }
        }
        h.close();
    }

    @Test
    void copyWithCastsFillAndWhere() {
        Random rnd = new Random(5);
        Harness h = new Harness(Harness.widths().getLast());
        DType[] all = DType.values();
        for (int n : new int[] {0, 1, 13, 4099}) {
            for (DType from : all) {
                Spec src = Harness.contiguousSpec(from, new int[] {n}, values(rnd, n, from.isFloatingPoint(), from));
                Spec strided = new Spec(from, new int[] {n}, new long[] {2}, 1, values(rnd, n, false, from));
                for (DType to : all) {
                    copy(h, src, to, "copy " + from.torchName() + " -> " + to.torchName() + " n=" + n);
                    copy(h, strided, to, "strided copy " + from.torchName() + " -> " + to.torchName() + " n=" + n);
                }
                for (double v : new double[] {0, -2.7, 1e40, Double.NaN}) {
                    fill(h, Harness.contiguousSpec(from, new int[] {n}, new double[n]), v, "fill " + from + " " + v);
                    fill(h, strided, v, "strided fill " + from + " " + v);
                }
                Spec cond = Harness.contiguousSpec(DType.BOOL, new int[] {n}, values(rnd, n, false, DType.BOOL));
                Spec other = Harness.contiguousSpec(from, new int[] {n}, values(rnd, n, false, from));
                where(h, cond, src, other, "where " + from.torchName() + " n=" + n);
            }
        }
        h.close();
    }

    // ---- one call on both backends ----

    private static void binary(Harness h, BinaryOp op, Spec a, Spec b, String what) {
        DType to = op.producesBool() ? DType.BOOL : a.dtype();
        Spec out = Harness.contiguousSpec(to, a.shape(), new double[(int) Harness.numel(a.shape())]);
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            Backend be = backends[k];
            View o = upload(be, out);
            be.binary(op, upload(be, a), upload(be, b), o);
            r[k] = download(be, o);
        }
        assertClose(what, r[0], r[1], op == BinaryOp.POW ? 1e-15 : 0, 0);
    }

    private static void unary(Harness h, UnaryOp op, Spec a, String what) {
        Spec out = Harness.contiguousSpec(a.dtype(), a.shape(), new double[(int) Harness.numel(a.shape())]);
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            Backend be = backends[k];
            View o = upload(be, out);
            be.unary(op, upload(be, a), o);
            r[k] = download(be, o);
        }
        boolean exact = switch (op) {
            case NEG, ABS, SIGN, RELU, SQRT, RECIPROCAL, LOGICAL_NOT -> true;
            default -> false;
        };
        // transcendental: a few ulps of the dtype (float32 ulp 6e-8, float64 1.1e-16)
        double rtol = exact ? 0 : a.dtype() == DType.FLOAT32 ? 5e-7 : 1e-14;
        double atol = exact ? 0 : a.dtype() == DType.FLOAT32 ? 1e-37 : 1e-300;
        assertClose(what, r[0], r[1], rtol, atol);
    }

    private static void copy(Harness h, Spec src, DType to, String what) {
        Spec out = Harness.contiguousSpec(to, src.shape(), new double[(int) Harness.numel(src.shape())]);
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            View o = upload(backends[k], out);
            backends[k].copy(upload(backends[k], src), o);
            r[k] = download(backends[k], o);
        }
        assertClose(what, r[0], r[1], 0, 0);
    }

    private static void fill(Harness h, Spec dst, double v, String what) {
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            View o = upload(backends[k], dst);
            backends[k].fill(o, v);
            r[k] = download(backends[k], o);
        }
        assertClose(what, r[0], r[1], 0, 0);
    }

    private static void where(Harness h, Spec cond, Spec a, Spec b, String what) {
        Spec out = Harness.contiguousSpec(a.dtype(), a.shape(), new double[(int) Harness.numel(a.shape())]);
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            View o = upload(backends[k], out);
            backends[k].where(upload(backends[k], cond), upload(backends[k], a), upload(backends[k], b), o);
            r[k] = download(backends[k], o);
        }
        assertClose(what, r[0], r[1], 0, 0);
    }

    static double[] filled(int n, double v) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, v);
        return d;
    }

    /** {@code row} repeated {@code times} times (a broadcast row's logical values). */
    static double[] tile(double[] row, int times) {
        double[] d = new double[row.length * times];
        for (int i = 0; i < times; i++) System.arraycopy(row, 0, d, i * row.length, row.length);
        return d;
    }

    /** Each value repeated {@code times} times in place (a broadcast column's logical values). */
    static double[] repeat(double[] col, int times) {
        double[] d = new double[col.length * times];
        for (int i = 0; i < d.length; i++) d[i] = col[i / times];
        return d;
    }
}
