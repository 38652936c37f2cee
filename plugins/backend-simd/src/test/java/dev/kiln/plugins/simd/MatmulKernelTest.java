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
 * batch (stride 0), an integer dtype; float64 within 1e-12, float32 within the TCK's float32
 * cross-backend tolerance (1e-4 relative, 1e-5 absolute): the simd loop accumulates float32 products
 * in float, the reference in double, so results with cancellation differ by a few float ulps of the
 * summands.
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
        double rtol = !floating ? 0 : a.dtype() == DType.FLOAT32 ? 1e-4 : 1e-12;
        double atol = !floating ? 0 : a.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertClose(what, r[0], r[1], rtol, atol);
    }
}
