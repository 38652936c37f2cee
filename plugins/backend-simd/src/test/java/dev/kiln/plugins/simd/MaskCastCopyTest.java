package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.plugins.simd.Harness.Spec;
import dev.kiln.spi.Backend;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.kiln.plugins.simd.Harness.assertClose;
import static dev.kiln.plugins.simd.Harness.download;
import static dev.kiln.plugins.simd.Harness.upload;
import static dev.kiln.plugins.simd.Harness.values;

/**
 * The vector and array paths of training-step casts, copies and {@code where}, at every width, bit for bit
 * against the reference backend: bool to and from float32/float64 (vector masks where a byte species of the
 * same lane count exists, a branch-free loop elsewhere), float32/float64, int64, uint8 and int8 to float, the tiled copy of
 * transposed and permuted float views, and {@code where} with contiguous, broadcast-scalar and broadcast-row
 * operands; lengths around the vector widths and long enough to be split over two threads.
 */
class MaskCastCopyTest {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    @Test
    void castsAtEveryWidthAndLength() {
        Random rnd = new Random(11);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (int n : lengths()) {
                Spec bool = Harness.contiguousSpec(DType.BOOL, new int[] {n}, values(rnd, n, false, DType.BOOL));
                Spec longs = Harness.contiguousSpec(DType.INT64, new int[] {n}, values(rnd, n, false, DType.INT64));
                double[] u = new double[n];
                double[] b = new double[n];
                for (int i = 0; i < n; i++) {
                    u[i] = rnd.nextInt(256);
                    b[i] = rnd.nextInt(256) - 128;
                }
                Spec bytesU = Harness.contiguousSpec(DType.UINT8, new int[] {n}, u);
                Spec bytesS = Harness.contiguousSpec(DType.INT8, new int[] {n}, b);
                for (DType f : FLOATS) {
                    Spec x = Harness.contiguousSpec(f, new int[] {n}, values(rnd, n, true, f));
                    String w = bits + " bits n=" + n + " ";
                    copy(h, bool, f, w + "bool -> " + f.torchName());
                    copy(h, x, DType.BOOL, w + f.torchName() + " -> bool");
                    copy(h, x, f == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32, w + f.torchName() + " -> other float");
                    copy(h, longs, f, w + "int64 -> " + f.torchName());
                    copy(h, bytesU, f, w + "uint8 -> " + f.torchName());
                    copy(h, bytesS, f, w + "int8 -> " + f.torchName());
                }
            }
            h.close();
        }
    }

    @Test
    void int64BeyondFloatPrecisionRoundsOnce() {
        Harness h = new Harness(Harness.widths().getLast());
        double[] v = {(double) ((1L << 40) + 1), (double) -((1L << 30) + 3), 16777217, -16777219, 0};
        Spec longs = Harness.contiguousSpec(DType.INT64, new int[] {v.length}, v);
        for (DType f : FLOATS) copy(h, longs, f, "int64 -> " + f.torchName());
        h.close();
    }

    @Test
    void transposedAndPermutedCopies() {
        Random rnd = new Random(12);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (DType f : FLOATS) {
                for (int[] rc : new int[][] {{16, 16}, {17, 33}, {512, 784}, {40, 100}, {100, 40}}) {
                    int r = rc[0];
                    int c = rc[1];
                    // the transpose of a contiguous [c, r]: logical [r, c], strides [1, r]
                    Spec t = new Spec(f, new int[] {r, c}, new long[] {1, r}, 0, values(rnd, (long) r * c, true, f));
                    copy(h, t, f, bits + " bits transposed " + f.torchName() + " " + r + "x" + c);
                    // with an offset and a padded leading dimension
                    Spec p = new Spec(f, new int[] {r, c}, new long[] {1, r + 3}, 5, values(rnd, (long) r * c, true, f));
                    copy(h, p, f, bits + " bits padded transposed " + f.torchName() + " " + r + "x" + c);
                }
                // [2, 3, 20, 30] from a contiguous [2, 30, 3, 20]... permuted (0, 2, 3, 1): unit stride on dim 2
                int[] shape = {2, 3, 20, 30};
                Spec perm = new Spec(f, shape, new long[] {1800, 20, 1, 60}, 0, values(rnd, 3600, true, f));
                copy(h, perm, f, bits + " bits permuted " + f.torchName());
                // a batch of transposes: [4, 48, 40] with strides [1920, 1, 48]
                Spec batch = new Spec(f, new int[] {4, 48, 40}, new long[] {1920, 1, 48}, 0, values(rnd, 7680, true, f));
                copy(h, batch, f, bits + " bits batched transposed " + f.torchName());
                // a transposed copy big enough for both threads
                Spec big = new Spec(f, new int[] {300, 200}, new long[] {1, 300}, 0, values(rnd, 60000, true, f));
                copy(h, big, f, bits + " bits threaded transposed " + f.torchName());
            }
            h.close();
        }
    }

    @Test
    void whereLayouts() {
        Random rnd = new Random(13);
        for (int bits : Harness.widths()) {
            Harness h = new Harness(bits);
            for (DType f : FLOATS) {
                for (int n : lengths()) {
                    int[] s = {n};
                    Spec cond = Harness.contiguousSpec(DType.BOOL, s, values(rnd, n, false, DType.BOOL));
                    Spec a = Harness.contiguousSpec(f, s, values(rnd, n, true, f));
                    Spec b = Harness.contiguousSpec(f, s, values(rnd, n, true, f));
                    Spec zero = new Spec(f, s, new long[] {0}, 0, ElementwiseKernelsTest.filled(n, 0.0));
                    String w = bits + " bits " + f.torchName() + " n=" + n + " ";
                    where(h, cond, a, b, w + "contiguous");
                    where(h, cond, a, zero, w + "scalar other");
                    where(h, cond, zero, b, w + "scalar input");
                }
                // rows: [37, 40] with a broadcast row operand and a broadcast condition row
                int rows = 37;
                int cols = 40;
                double[] row = values(rnd, cols, true, f);
                Spec rowB = new Spec(f, new int[] {rows, cols}, new long[] {0, 1}, 0, ElementwiseKernelsTest.tile(row, rows));
                Spec a = Harness.contiguousSpec(f, new int[] {rows, cols}, values(rnd, rows * cols, true, f));
                double[] crow = values(rnd, cols, false, DType.BOOL);
                Spec condRow = new Spec(DType.BOOL, new int[] {rows, cols}, new long[] {0, 1}, 0,
                        ElementwiseKernelsTest.tile(crow, rows));
                Spec cond = Harness.contiguousSpec(DType.BOOL, new int[] {rows, cols}, values(rnd, rows * cols, false, DType.BOOL));
                where(h, cond, a, rowB, bits + " bits row broadcast other " + f.torchName());
                where(h, condRow, a, rowB, bits + " bits row broadcast condition " + f.torchName());
            }
            h.close();
        }
    }

    private static int[] lengths() {
        int[] l = java.util.Arrays.copyOf(Harness.LENGTHS, Harness.LENGTHS.length + 1);
        l[l.length - 1] = Harness.THREADED;
        return l;
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
}
