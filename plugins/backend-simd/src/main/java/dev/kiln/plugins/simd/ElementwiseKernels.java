package dev.kiln.plugins.simd;

import dev.kiln.spi.host.HostElementwiseKernels;
import dev.kiln.spi.host.Segments;

import dev.kiln.DType;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;

/**
 * Elementwise kernels of the simd backend: unary, binary, where, copy with cast, fill. float32 and
 * float64 take the vector paths of {@link FastPaths} when the views fit them; everything else runs the
 * reference backend's scalar loops: floating dtypes compute in double and round once on store; integer
 * and bool dtypes compute in long and wrap on store, so int64 is exact.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {}

    /** The scalar kernels reach this backend's memory through it. */
    private static final Segments MEMORY = SimdStorage::segment;

    static void unary(SimdContext ctx, UnaryOp op, View in, View out) {
        if (FastPaths.unary(ctx, op, in, out)) return;
        HostElementwiseKernels.unary(MEMORY, op, in, out);
    }

    static void binary(SimdContext ctx, BinaryOp op, View a, View b, View out) {
        if (FastPaths.binary(ctx, op, a, b, out) || MaskKernels.compare(ctx, op, a, b, out)) return;
        HostElementwiseKernels.binary(MEMORY, op, a, b, out);
    }

    static void where(SimdContext ctx, View cond, View a, View b, View out) {
        if (MaskKernels.where(ctx, cond, a, b, out)) return;
        HostElementwiseKernels.where(MEMORY, cond, a, b, out);
    }

    /** {@code dst = (dst.dtype) src}: a memory copy, vector casts, tiled transposes, else the scalar kernel. */
    static void copy(SimdContext ctx, View src, View dst) {
        DType ts = src.dtype();
        if (ts == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
            long size = ts.byteSize();
            MemorySegment.copy(SimdStorage.segment(src, "copy"), src.offset() * size,
                    SimdStorage.segment(dst, "copy"), dst.offset() * size, dst.numel() * size);
            return;
        }
        if (MaskKernels.cast(ctx, src, dst) || TransposeCopy.copy(ctx, src, dst)) return;
        HostElementwiseKernels.copy(MEMORY, src, dst);
    }

    /** Every element of {@code dst} set to {@code value} converted to its dtype. */
    static void fill(View dst, double value) {
        DType t = dst.dtype();
        if (dst.isContiguous() && dst.numel() > 0) {
            float[] f = t == DType.FLOAT32 ? SimdStorage.floats(dst) : null;
            double[] d = t == DType.FLOAT64 ? SimdStorage.doubles(dst) : null;
            if (f != null) {
                int from = FastPaths.base(dst);
                java.util.Arrays.fill(f, from, from + (int) dst.numel(), (float) value);
                return;
            }
            if (d != null) {
                int from = FastPaths.base(dst);
                java.util.Arrays.fill(d, from, from + (int) dst.numel(), value);
                return;
            }
        }
        HostElementwiseKernels.fill(MEMORY, dst, value);
    }
}
