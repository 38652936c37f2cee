package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.Backend;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.kiln.plugins.simd.Harness.Spec;
import static dev.kiln.plugins.simd.Harness.assertClose;
import static dev.kiln.plugins.simd.Harness.download;
import static dev.kiln.plugins.simd.Harness.upload;
import static dev.kiln.plugins.simd.Harness.values;

/**
 * Batched matmul against the reference backend: awkward sizes, a transposed {@code b}, a broadcast
 * batch (stride 0), an integer dtype (exact); float64 within 1e-12. float32 within the forward
 * error bound of a float dot product, {@code |err| <= K * u * sum_k |a_ik * b_kj|} (u = 2^-24,
 * Higham's gamma_K), plus one rounding of the result: the packed GEMM accumulates float32 in float,
 * the reference in double, so on cancelling sums (K = 96, inputs of std 3, results near 0) they differ
 * by more than the TCK's elementwise float32 tolerance (1e-4 relative, 1e-5 absolute) while staying
 * within a few float ulps of the summands; a wrong index or a missing term breaks the bound at once.
 */
class MatmulKernelTest {

    @Test
    void awkwardShapesAndLayouts() {
        Random rnd = new Random(9);
        int[][] sizes = {{1, 1, 1, 1}, {2, 3, 7, 13}, {1, 5, 31, 17}, {3, 4, 1, 257}, {1, 64, 96, 80}, {2, 0, 3, 4}};
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (int[] s : sizes) {
                int bt = s[0], m = s[1], k = s[2], n = s[3];
                for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
                    boolean fl = t.isFloatingPoint();
                    Spec a = Harness.contiguousSpec(t, new int[] {bt, m, k}, values(rnd, (long) bt * m * k, false, t));
                    Spec b = Harness.contiguousSpec(t, new int[] {bt, k, n}, values(rnd, (long) bt * k * n, false, t));
                    Spec bT = new Spec(t, new int[] {bt, k, n}, new long[] {(long) k * n, 1, k}, 0,
                            values(rnd, (long) bt * k * n, false, t));
                    Spec bB = new Spec(t, new int[] {bt, k, n}, new long[] {0, n, 1}, 0,
                            ElementwiseKernelsTest.tile(values(rnd, (long) k * n, false, t), bt));
                    String what = bits + " bits, " + t.torchName() + " " + java.util.Arrays.toString(s);
                    matmul(h, a, b, what, fl);
                    matmul(h, a, bT, what + " b transposed", fl);
                    matmul(h, a, bB, what + " b broadcast over the batch", fl);
                }
            }
            h.close();
        }
    }

    private static void matmul(Harness h, Spec a, Spec b, String what, boolean floating) {
        int[] outShape = {a.shape()[0], a.shape()[1], b.shape()[2]};
        Spec out = Harness.contiguousSpec(a.dtype(), outShape, new double[(int) Harness.numel(outShape)]);
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            View o = upload(backends[k], out);
            backends[k].matmul(upload(backends[k], a), upload(backends[k], b), o);
            r[k] = download(backends[k], o);
        }
        if (a.dtype() == DType.FLOAT32) {
            double[] bound = absProducts(h, a, b);
            int k = a.shape()[2];
            double u = 0x1p-24;
            for (int i = 0; i < bound.length; i++) {
                double err = Math.abs(r[0][i] - r[1][i]);
                double limit = k * u * bound[i] + u * Math.abs(r[0][i]);
                if (!(err <= limit)) {
                    org.junit.jupiter.api.Assertions.fail(what + ": element " + i + " is " + r[1][i]
                            + ", the reference backend gives " + r[0][i] + ": error " + err
                            + " exceeds the dot-product bound " + limit);
                }
            }
            return;
        }
        double tol = floating ? 1e-12 : 0;
        assertClose(what, r[0], r[1], tol, tol);
    }

    /** {@code sum_k |a_ik| * |b_kj|} per output element, in float64 on the reference backend. */
    private static double[] absProducts(Harness h, Spec a, Spec b) {
        Spec absA = new Spec(DType.FLOAT64, a.shape(), a.strides(), a.offset(), abs(a.values()));
        Spec absB = new Spec(DType.FLOAT64, b.shape(), b.strides(), b.offset(), abs(b.values()));
        int[] outShape = {a.shape()[0], a.shape()[1], b.shape()[2]};
        View o = upload(h.ref, Harness.contiguousSpec(DType.FLOAT64, outShape, new double[(int) Harness.numel(outShape)]));
        h.ref.matmul(upload(h.ref, absA), upload(h.ref, absB), o);
        return download(h.ref, o);
    }

    private static double[] abs(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.abs((float) v[i]);
        return r;
    }
}
