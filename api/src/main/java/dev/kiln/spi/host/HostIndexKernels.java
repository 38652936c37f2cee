package dev.kiln.spi.host;


import dev.kiln.DType;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * gather and scatter along one dimension. Every index is checked before anything is written, so a
 * bad index throws {@link IndexOutOfBoundsException} and leaves the destination unchanged.
 */
public final class HostIndexKernels {
    private HostIndexKernels() {}

    /** {@code out[p] = src[p with p[dim] = index[p]]}. */
    public static void gather(Segments mem, View src, int dim, View index, View out) {
        checkDim("gather", dim, src, index);
        int size = src.shape()[dim];
        checkIndices(mem, "gather", index, dim, size);
        DType t = out.dtype();
        DType ts = src.dtype();
        DType ti = index.dtype();
        long dimStride = src.strides()[dim];
        MemorySegment ss = mem.of(src, "gather");
        MemorySegment sx = mem.of(index, "gather");
        MemorySegment so = mem.of(out, "gather");
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
                long at = is + HostElements.readLong(sx, ti, ix) * dimStride;
                HostElements.move(ss, ts, at, so, t, io);
            }
        }
    }

    /** {@code dst[p with p[dim] = index[p]] (=|+=) src[p]}, visiting p in row-major order. */
    public static void scatter(Segments mem, ScatterMode mode, View dst, int dim, View index, View src) {
        String op = "scatter " + mode;
        checkDim(op, dim, dst, index);
        int size = dst.shape()[dim];
        checkIndices(mem, op, index, dim, size);
        DType t = dst.dtype();
        DType ts = src.dtype();
        DType ti = index.dtype();
        long dimStride = dst.strides()[dim];
        MemorySegment sd = mem.of(dst, op);
        MemorySegment sx = mem.of(index, op);
        MemorySegment ss = mem.of(src, op);
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
                long at = id + HostElements.readLong(sx, ti, ix) * dimStride;
                if (mode == ScatterMode.SET) {
                    HostElements.move(ss, ts, is, sd, t, at);
                } else if (floating) {
                    HostElements.writeDouble(sd, t, at, HostElements.readDouble(sd, t, at) + HostElements.readDouble(ss, ts, is));
                } else {
                    HostElements.writeLong(sd, t, at, HostElements.readLong(sd, t, at) + HostElements.readLong(ss, ts, is));
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

    /** Throws for the first index outside {@code [0, size)}. */
    private static void checkIndices(Segments mem, String op, View index, int dim, int size) {
        MemorySegment sx = mem.of(index, op);
        DType ti = index.dtype();
        StridedLoop loop = new StridedLoop(index.shape(), new long[] {index.offset()}, index.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        while (loop.next()) {
            long ix = loop.offset(0);
            for (int i = 0; i < n; i++, ix += s0) {
                long v = HostElements.readLong(sx, ti, ix);
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
