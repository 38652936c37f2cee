package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.Backend;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.kiln.plugins.simd.Harness.Spec;
import static dev.kiln.plugins.simd.Harness.assertClose;
import static dev.kiln.plugins.simd.Harness.download;
import static dev.kiln.plugins.simd.Harness.upload;
import static dev.kiln.plugins.simd.Harness.values;

/**
 * Reductions of the simd backend against the reference backend: every op, over the innermost axis
 * (contiguous runs), the outer axis (rows into accumulators), a middle axis, all axes and a strided
 * input, at every width and on awkward lengths. MAX/MIN/ARGMAX/ARGMIN with NaN among the values must
 * agree exactly; float64 sums within 1e-12 of the reference's double accumulation, float32 sums
 * within the float32 cross-backend tolerance (1e-4 relative, 1e-5 absolute) though they accumulate in
 * float vectors.
 */
class ReduceKernelTest {

    @Test
    void everyOpOverEveryAxisLayout() {
        Random rnd = new Random(7);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (int n : Harness.LENGTHS) {
                if (n == 0) continue;
                for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    for (boolean nan : new boolean[] {false, true}) {
                        int[] flat = {n};
                        Spec v = Harness.contiguousSpec(t, flat, values(rnd, n, nan, t));
                        int rows = 3;
                        int[] shape = {rows, n};
                        Spec m = Harness.contiguousSpec(t, shape, values(rnd, (long) rows * n, nan, t));
                        int[] shape3 = {2, Math.min(n, 300), 3};
                        Spec c = Harness.contiguousSpec(t, shape3, values(rnd, Harness.numel(shape3), nan, t));
                        Spec tr = new Spec(t, shape, new long[] {1, rows}, 0, values(rnd, (long) rows * n, nan, t));
                        for (ReduceOp op : ReduceOp.values()) {
                            String what = bits + " bits, " + op + " " + t.torchName() + " n=" + n + (nan ? " with NaN" : "");
                            reduce(h, op, v, new int[] {0}, what + " [n] axis 0");
                            reduce(h, op, m, new int[] {1}, what + " [rows, n] axis 1");
                            reduce(h, op, m, new int[] {0}, what + " [rows, n] axis 0");
                            reduce(h, op, c, new int[] {1}, what + " [2, n, 3] axis 1");
                            reduce(h, op, tr, new int[] {1}, what + " transposed axis 1");
                            if (!op.isIndex()) {
                                reduce(h, op, m, new int[] {0, 1}, what + " [rows, n] all axes");
                                reduce(h, op, c, new int[] {1, 2}, what + " [2, n, 3] axes 1, 2");
                                reduce(h, op, c, new int[] {0, 2}, what + " [2, n, 3] axes 0, 2");
                            }
                        }
                    }
                }
            }
            h.close();
        }
    }

    @Test
    void threadedLengths() {
        Random rnd = new Random(12);
        Harness h = new Harness(Harness.widths().getLast());
        int n = Harness.THREADED;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Spec v = Harness.contiguousSpec(t, new int[] {n}, values(rnd, n, false, t));
            Spec withNan = Harness.contiguousSpec(t, new int[] {n}, values(rnd, n, true, t));
            Spec m = Harness.contiguousSpec(t, new int[] {2, n}, values(rnd, 2L * n, false, t));
            for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN}) {
                reduce(h, op, v, new int[] {0}, "threaded " + op + " " + t);
                reduce(h, op, withNan, new int[] {0}, "threaded " + op + " with NaN " + t);
                reduce(h, op, m, new int[] {0}, "threaded rows " + op + " " + t);
            }
        }
        h.close();
    }

    @Test
    void leadingAndTrailingAxesAroundKeptOnes() {
        Random rnd = new Random(13);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (int[] shape : new int[][] {{4, 6, 5, 7}, {3, 1, 13, 31}, {2, 3, 4, 1}, {5, 2, 257}}) {
                    for (boolean nan : new boolean[] {false, true}) {
                        Spec x = Harness.contiguousSpec(t, shape, values(rnd, Harness.numel(shape), nan, t));
                        int[][] axesSets = shape.length == 4
                                ? new int[][] {{0, 2, 3}, {0, 3}, {0, 1, 3}}
                                : new int[][] {{0, 2}};
                        for (int[] axes : axesSets) {
                            for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PROD}) {
                                reduce(h, op, x, axes, bits + " bits, " + op + " " + t.torchName() + " axes "
                                        + Arrays.toString(axes) + (nan ? " with NaN" : ""));
                            }
                        }
                    }
                }
            }
            h.close();
        }
    }

    @Test
    void integersAndEmptySums() {
        Random rnd = new Random(8);
        Harness h = new Harness(128);
        for (DType t : new DType[] {DType.INT32, DType.INT64, DType.UINT8, DType.BOOL}) {
            Spec m = Harness.contiguousSpec(t, new int[] {4, 13}, values(rnd, 52, false, t));
            for (ReduceOp op : ReduceOp.values()) {
                reduce(h, op, m, new int[] {1}, op + " " + t.torchName() + " axis 1");
                reduce(h, op, m, new int[] {0}, op + " " + t.torchName() + " axis 0");
            }
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Spec empty = Harness.contiguousSpec(t, new int[] {3, 0}, new double[0]);
            reduce(h, ReduceOp.SUM, empty, new int[] {1}, "empty sum " + t);
            reduce(h, ReduceOp.PROD, empty, new int[] {1}, "empty prod " + t);
        }
        h.close();
    }

    private static void reduce(Harness h, ReduceOp op, Spec in, int[] axes, String what) {
        int[] outShape = in.shape().clone();
        for (int a : axes) outShape[a] = 1;
        DType to = op.isIndex() ? DType.INT64 : in.dtype();
        Spec out = Harness.contiguousSpec(to, outShape, new double[(int) Harness.numel(outShape)]);
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            View o = upload(backends[k], out);
            backends[k].reduce(op, upload(backends[k], in), axes, o);
            r[k] = download(backends[k], o);
        }
        boolean sum = op == ReduceOp.SUM || op == ReduceOp.PROD;
        double rtol = !sum ? 0 : in.dtype() == DType.FLOAT32 ? 1e-4 : 1e-12;
        double atol = !sum ? 0 : in.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertClose(what + " " + Arrays.toString(in.shape()), r[0], r[1], rtol, atol);
    }
}
