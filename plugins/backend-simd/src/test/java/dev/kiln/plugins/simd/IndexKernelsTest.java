package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.plugins.simd.Harness.Spec;
import dev.kiln.spi.Backend;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.kiln.plugins.simd.Harness.assertClose;
import static dev.kiln.plugins.simd.Harness.download;
import static dev.kiln.plugins.simd.Harness.upload;
import static dev.kiln.plugins.simd.Harness.values;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * gather and scatter on the float32/float64 array path (int64 indices), bit for bit against the reference
 * backend: max_pool2d's backward shape ({@code [N, C, H*W]} scatter-add along the last dimension with repeated
 * indices), along the first dimension, from a transposed source, every mode; a bad index throws and leaves the
 * destination as it was.
 */
class IndexKernelsTest {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    @Test
    void scatterAndGatherMatchTheReference() {
        Random rnd = new Random(21);
        Harness h = new Harness(Harness.widths().getLast());
        for (DType f : FLOATS) {
            for (int dim : new int[] {0, 1, 2}) {
                int[] dstShape = {4, 6, 50};
                int[] idxShape = {4, 6, 50};
                idxShape[dim] = dim == 2 ? 12 : 3;
                int n = (int) Harness.numel(idxShape);
                double[] idx = new double[n];
                for (int i = 0; i < n; i++) idx[i] = rnd.nextInt(dstShape[dim]); // repeats on purpose
                Spec index = Harness.contiguousSpec(DType.INT64, idxShape, idx);
                Spec src = Harness.contiguousSpec(f, idxShape, values(rnd, n, true, f));
                Spec dst = Harness.contiguousSpec(f, dstShape, values(rnd, Harness.numel(dstShape), false, f));
                for (ScatterMode mode : ScatterMode.values()) {
                    scatter(h, mode, dst, dim, index, src, f.torchName() + " " + mode + " dim " + dim);
                }
                gather(h, dst, dim, index, f.torchName() + " gather dim " + dim);
                // a transposed source for the scatter: [4, 6, L] from a contiguous [4, L, 6]
                int l = idxShape[2];
                Spec srcT = new Spec(f, idxShape, new long[] {6L * l, 1, 6}, 0, values(rnd, n, true, f));
                scatter(h, ScatterMode.values()[ScatterMode.values().length - 1], dst, dim, index, srcT,
                        f.torchName() + " transposed source dim " + dim);
            }
        }
        h.close();
    }

    @Test
    void aBadIndexThrowsAndChangesNothing() {
        Harness h = new Harness(Harness.widths().getLast());
        for (DType f : FLOATS) {
            Spec index = Harness.contiguousSpec(DType.INT64, new int[] {2, 3}, new double[] {0, 1, 2, 1, 3, 0});
            Spec src = Harness.contiguousSpec(f, new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
            Spec dst = Harness.contiguousSpec(f, new int[] {2, 3}, new double[] {9, 9, 9, 9, 9, 9});
            View d = upload(h.simd, dst);
            View i = upload(h.simd, index);
            View s = upload(h.simd, src);
            assertThrows(IndexOutOfBoundsException.class, () -> h.simd.scatter(ScatterMode.values()[0], d, 1, i, s));
            assertClose("destination after a bad index", dst.values(), download(h.simd, d), 0, 0);
            View o = upload(h.simd, dst);
            assertThrows(IndexOutOfBoundsException.class, () -> h.simd.gather(s, 1, i, o));
        }
        h.close();
    }

    private static void scatter(Harness h, ScatterMode mode, Spec dst, int dim, Spec index, Spec src, String what) {
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            View d = upload(backends[k], dst);
            backends[k].scatter(mode, d, dim, upload(backends[k], index), upload(backends[k], src));
            r[k] = download(backends[k], d);
        }
        assertClose(what, r[0], r[1], 0, 0);
    }

    private static void gather(Harness h, Spec src, int dim, Spec index, String what) {
        Spec out = Harness.contiguousSpec(src.dtype(), index.shape(), new double[(int) Harness.numel(index.shape())]);
        double[][] r = new double[2][];
        Backend[] backends = {h.ref, h.simd};
        for (int k = 0; k < 2; k++) {
            View o = upload(backends[k], out);
            backends[k].gather(upload(backends[k], src), dim, upload(backends[k], index), o);
            r[k] = download(backends[k], o);
        }
        assertClose(what, r[0], r[1], 0, 0);
    }
}
