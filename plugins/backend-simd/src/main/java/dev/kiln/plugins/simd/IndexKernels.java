package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * gather and scatter along one dimension. Every index is checked before anything is written, so a
 * bad index throws {@link IndexOutOfBoundsException} and leaves the destination unchanged.
 */
final class IndexKernels {
    private IndexKernels() {}

    /** {@code out[p] = src[p with p[dim] = index[p]]}. */
    static void gather(View src, int dim, View index, View out) {
        checkDim("gather", dim, src, index);
        int size = src.shape()[dim];
        checkIndices("gather", index, dim, size);
        if (gatherArrays(src, dim, index, out)) return;
        DType t = out.dtype();
        DType ts = src.dtype();
        DType ti = index.dtype();
        long dimStride = src.strides()[dim];
        MemorySegment ss = SimdStorage.segment(src, "gather");
        MemorySegment sx = SimdStorage.segment(index, "gather");
        MemorySegment so = SimdStorage.segment(out, "gather");
        StridedLoop loop = new StridedLoop(index.shape(), new long[] {index.offset(), out.offset(), src.offset()},
                index.strides(), out.strides(), withoutDim(src.strides(), dim));
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        long s2 = loop.innerStride(2);
        while (loop.next()) {
            long ix = loop.offset(0);
            long io = loop.offset(1);
            long is = loop.offset(2);
            for (int i = 0; i < n; i++, ix += s0, io += s1, is += s2) {
                long at = is + Elements.readLong(sx, ti, ix) * dimStride;
                Elements.move(ss, ts, at, so, t, io);
            }
        }
    }

    /** {@code dst[p with p[dim] = index[p]] (=|+=) src[p]}, visiting p in row-major order. */
    static void scatter(ScatterMode mode, View dst, int dim, View index, View src) {
        String op = "scatter " + mode;
        checkDim(op, dim, dst, index);
        int size = dst.shape()[dim];
        checkIndices(op, index, dim, size);
        if (scatterArrays(mode, dst, dim, index, src)) return;
        DType t = dst.dtype();
        DType ts = src.dtype();
        DType ti = index.dtype();
        long dimStride = dst.strides()[dim];
        MemorySegment sd = SimdStorage.segment(dst, op);
        MemorySegment sx = SimdStorage.segment(index, op);
        MemorySegment ss = SimdStorage.segment(src, op);
        StridedLoop loop = new StridedLoop(index.shape(), new long[] {index.offset(), src.offset(), dst.offset()},
                index.strides(), src.strides(), withoutDim(dst.strides(), dim));
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        long s2 = loop.innerStride(2);
        boolean floating = t.isFloatingPoint();
        while (loop.next()) {
            long ix = loop.offset(0);
            long is = loop.offset(1);
            long id = loop.offset(2);
            for (int i = 0; i < n; i++, ix += s0, is += s1, id += s2) {
                long at = id + Elements.readLong(sx, ti, ix) * dimStride;
                if (mode == ScatterMode.SET) {
                    Elements.move(ss, ts, is, sd, t, at);
                } else if (floating) {
                    Elements.writeDouble(sd, t, at, Elements.readDouble(sd, t, at) + Elements.readDouble(ss, ts, is));
                } else {
                    Elements.writeLong(sd, t, at, Elements.readLong(sd, t, at) + Elements.readLong(ss, ts, is));
                }
            }
        }
    }

    private static void checkDim(String op, int dim, View indexed, View index) {
        if (dim < 0 || dim >= indexed.rank() || index.rank() != indexed.rank()) {
            throw new IllegalArgumentException(op + ": dim " + dim + " must be in [0, " + indexed.rank()
                    + ") and index shape " + Arrays.toString(index.shape()) + " must have the rank of "
                    + Arrays.toString(indexed.shape()));
        }
    }

    /**
     * scatter of float32/float64 into the same dtype with int64 indices, on the heap arrays (max_pool2d's
     * backward scatter-adds its gradient): the same row-major order and the same arithmetic as the scalar
     * loop (a float sum rounded once), without the per-element dtype switch. False when the views do not fit.
     */
    private static boolean scatterArrays(ScatterMode mode, View dst, int dim, View index, View src) {
        DType t = dst.dtype();
        if (src.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) return false;
        long[] ix = SimdStorage.longs(index);
        Object ad = FastPaths.array(dst);
        Object as = FastPaths.array(src);
        if (ix == null || ad == null || as == null) return false;
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

    /** gather of float32/float64 with int64 indices on the heap arrays; false when the views do not fit. */
    private static boolean gatherArrays(View src, int dim, View index, View out) {
        DType t = out.dtype();
        if (src.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) return false;
        long[] ix = SimdStorage.longs(index);
        Object ao = FastPaths.array(out);
        Object as = FastPaths.array(src);
        if (ix == null || ao == null || as == null) return false;
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

    /** Throws for the first index outside {@code [0, size)}. */
    private static void checkIndices(String op, View index, int dim, int size) {
        long[] arr = SimdStorage.longs(index);
        if (arr != null && index.isContiguous() && index.numel() <= Integer.MAX_VALUE) {
            // all in range: one branch-free pass; otherwise the loop below finds and names the first bad one
            int from = SimdStorage.arrayOffset(index) + (int) index.offset();
            int to = from + (int) index.numel();
            boolean ok = true;
            for (int i = from; i < to; i++) ok &= arr[i] >= 0 & arr[i] < size;
            if (ok) return;
        }
        MemorySegment sx = SimdStorage.segment(index, op);
        DType ti = index.dtype();
        StridedLoop loop = new StridedLoop(index.shape(), new long[] {index.offset()}, index.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        while (loop.next()) {
            long ix = loop.offset(0);
            for (int i = 0; i < n; i++, ix += s0) {
                long v = Elements.readLong(sx, ti, ix);
                if (v < 0 || v >= size) {
                    throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dimension "
                            + dim + " with size " + size + " (valid range [0, " + size + "))");
                }
            }
        }
    }

    private static long[] withoutDim(long[] strides, int dim) {
        long[] s = strides.clone();
        s[dim] = 0;
        return s;
    }
}
