package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.View;
import dev.kiln.spi.host.HostIndexKernels;
import dev.kiln.spi.host.Segments;
import dev.kiln.spi.host.StridedLoop;

/**
 * gather and scatter of float32/float64 with int64 indices on the heap arrays (max_pool2d's backward
 * scatter-adds its gradient): the same row-major order and the same arithmetic as the shared scalar
 * kernels of {@link HostIndexKernels} (a float sum rounded once), without the per-element dtype switch.
 * Everything else, and every index out of range (for its message), goes to the shared kernels; indices
 * are checked before anything is written.
 */
final class IndexKernels {
    private IndexKernels() {}

    static void gather(Segments mem, View src, int dim, View index, View out) {
        if (!gatherArrays(src, dim, index, out)) HostIndexKernels.gather(mem, src, dim, index, out);
    }

    static void scatter(Segments mem, ScatterMode mode, View dst, int dim, View index, View src) {
        if (!scatterArrays(mode, dst, dim, index, src)) HostIndexKernels.scatter(mem, mode, dst, dim, index, src);
    }

    private static boolean scatterArrays(ScatterMode mode, View dst, int dim, View index, View src) {
        DType t = dst.dtype();
        if (src.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64) || !validDim(dim, dst, index)) return false;
        long[] ix = SimdStorage.longs(index);
        Object ad = FastPaths.array(dst);
        Object as = FastPaths.array(src);
        if (ix == null || ad == null || as == null || !inRange(ix, index, dst.shape()[dim])) return false;
        long dimStride = dst.strides()[dim];
        StridedLoop loop = new StridedLoop(index.shape(),
                new long[] {SimdStorage.arrayOffset(index) + index.offset(), FastPaths.base(src), FastPaths.base(dst)},
                index.strides(), src.strides(), withoutDim(dst.strides(), dim));
        int n = loop.innerSize();
        int s0 = (int) loop.innerStride(0);
        int s1 = (int) loop.innerStride(1);
        int s2 = (int) loop.innerStride(2);
        boolean add = mode != ScatterMode.SET;
        while (loop.next()) {
            int ii = (int) loop.offset(0);
            int is = (int) loop.offset(1);
            long id = loop.offset(2);
            if (ad instanceof float[] d) {
                float[] x = (float[]) as;
                for (int i = 0; i < n; i++, ii += s0, is += s1, id += s2) {
                    int at = (int) (id + ix[ii] * dimStride);
                    d[at] = add ? d[at] + x[is] : x[is];
                }
            } else {
                double[] d = (double[]) ad;
                double[] x = (double[]) as;
                for (int i = 0; i < n; i++, ii += s0, is += s1, id += s2) {
                    int at = (int) (id + ix[ii] * dimStride);
                    d[at] = add ? d[at] + x[is] : x[is];
                }
            }
        }
        return true;
    }

    private static boolean gatherArrays(View src, int dim, View index, View out) {
        DType t = out.dtype();
        if (src.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64) || !validDim(dim, src, index)) return false;
        long[] ix = SimdStorage.longs(index);
        Object ao = FastPaths.array(out);
        Object as = FastPaths.array(src);
        if (ix == null || ao == null || as == null || !inRange(ix, index, src.shape()[dim])) return false;
        long dimStride = src.strides()[dim];
        StridedLoop loop = new StridedLoop(index.shape(),
                new long[] {SimdStorage.arrayOffset(index) + index.offset(), FastPaths.base(out), FastPaths.base(src)},
                index.strides(), out.strides(), withoutDim(src.strides(), dim));
        int n = loop.innerSize();
        int s0 = (int) loop.innerStride(0);
        int s1 = (int) loop.innerStride(1);
        int s2 = (int) loop.innerStride(2);
        while (loop.next()) {
            int ii = (int) loop.offset(0);
            int io = (int) loop.offset(1);
            long is = loop.offset(2);
            if (ao instanceof float[] o) {
                float[] x = (float[]) as;
                for (int i = 0; i < n; i++, ii += s0, io += s1, is += s2) o[io] = x[(int) (is + ix[ii] * dimStride)];
            } else {
                double[] o = (double[]) ao;
                double[] x = (double[]) as;
                for (int i = 0; i < n; i++, ii += s0, io += s1, is += s2) o[io] = x[(int) (is + ix[ii] * dimStride)];
            }
        }
        return true;
    }

    /** The shapes the shared kernels accept (they throw with the message otherwise). */
    private static boolean validDim(int dim, View indexed, View index) {
        return dim >= 0 && dim < indexed.rank() && index.rank() == indexed.rank();
    }

    /** True when the contiguous index holds only values in {@code [0, size)}: one branch-free pass. */
    private static boolean inRange(long[] ix, View index, int size) {
        if (!index.isContiguous() || index.numel() > Integer.MAX_VALUE) return false;
        int from = SimdStorage.arrayOffset(index) + (int) index.offset();
        int to = from + (int) index.numel();
        boolean ok = true;
        for (int i = from; i < to; i++) ok &= ix[i] >= 0 & ix[i] < size;
        return ok;
    }

    private static long[] withoutDim(long[] strides, int dim) {
        long[] s = strides.clone();
        s[dim] = 0;
        return s;
    }
}
