package dev.kiln.plugins.simd;

import dev.kiln.spi.host.HostReduceKernel;

import dev.kiln.DType;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Reductions over sorted, distinct axes. SUM, MAX and MIN of contiguous float32/float64 inputs over
 * one block of adjacent axes take vector paths ({@link #fast}): the innermost-axis case reduces
 * contiguous runs, the outer-axis case reduces rows into a row of accumulators; float32 sums of a run
 * add float-vector block sums into a double and round once. Everything else runs the reference
 * backend's loop ({@link HostReduceKernel}): for every output element the reduced sub-array is walked
 * in row-major order into one double (floating dtypes) or long (integer and bool dtypes)
 * accumulator, stored once at the end.
 *
 * <p>MAX and MIN propagate NaN; ARGMAX and ARGMIN return the first index of the extreme, a NaN
 * counting as the extreme (the first NaN wins), as PyTorch. Zero elements give 0 for SUM and 1 for
 * PROD; MAX, MIN, ARGMAX and ARGMIN over zero elements throw {@link IllegalArgumentException}.
 */
final class ReduceKernel {
    private ReduceKernel() {}

    static void reduce(SimdContext ctx, ReduceOp op, View in, int[] axes, View out) {
        long count = HostReduceKernel.check(op, in, axes, out);
        if (count > 0 && count <= Integer.MAX_VALUE && fast(ctx, op, in, axes, out, (int) count)) return;
        HostReduceKernel.reduce(SimdStorage::segment, op, in, axes, out);
    }

    /** The vector path, or false when the views do not fit it (see the class comment). */
    private static boolean fast(SimdContext ctx, ReduceOp op, View in, int[] axes, View out, int count) {
        int code = switch (op) {
            case SUM -> VectorLoops.ADD;
            case MAX -> VectorLoops.MAX;
            case MIN -> VectorLoops.MIN;
            default -> -1;
        };
        DType t = in.dtype();
        if (code < 0 || out.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) return false;
        if (axes.length == 0 || !in.isContiguous() || !out.isContiguous()) return false;
        Object ai = FastPaths.array(in);
        Object ao = FastPaths.array(out);
        if (ai == null || ao == null) return false;
        boolean block = true;
        for (int k = 1; k < axes.length; k++) block &= axes[k] == axes[k - 1] + 1;
        if (!block) return outerAndInner(ctx, code, in, axes, out, count, ai, ao);
        int[] shape = in.shape();
        long outer = 1;
        for (int d = 0; d < axes[0]; d++) outer *= shape[d];
        long innerL = 1;
        for (int d = axes[axes.length - 1] + 1; d < shape.length; d++) innerL *= shape[d];
        if (outer * innerL == 0) return true;
        int inner = (int) innerL;
        int ib = FastPaths.base(in);
        int ob = FastPaths.base(out);
        boolean f32 = t == DType.FLOAT32;
        Parallel pool = ctx.parallel();
        if (inner == 1) {
            if (outer == 1 && count >= 2 * ctx.grain() && pool.threads() > 1) {
                // one long run: partial results per chunk, combined in chunk order
                int chunks = (int) Math.min(pool.threads(), count / ctx.grain());
                double[] partial = new double[chunks];
                pool.forRange(chunks, 1, (s, e) -> {
                    for (long c = s; c < e; c++) {
                        int lo = (int) (c * count / chunks);
                        int n = (int) ((c + 1) * count / chunks) - lo;
                        partial[(int) c] = run(ctx, code, f32, ai, ib + lo, n);
                    }
                });
                double r = partial[0];
                for (int c = 1; c < chunks; c++) r = combine(code, r, partial[c]);
                if (f32) ((float[]) ao)[ob] = (float) r; else ((double[]) ao)[ob] = r;
                return true;
            }
            pool.forRange(outer, Math.max(1, ctx.grain() / count), (s, e) -> {
                for (long o = s; o < e; o++) {
                    double r = run(ctx, code, f32, ai, ib + (int) o * count, count);
                    if (f32) ((float[]) ao)[ob + (int) o] = (float) r; else ((double[]) ao)[ob + (int) o] = r;
                }
            });
            return true;
        }
        long work = (long) count * inner;
        for (long o = 0; o < outer; o++) {
            int ia = ib + (int) (o * work);
            int io = ob + (int) (o * inner);
            pool.forRange(inner, Math.max(64, ctx.grain() / count), (s, e) -> {
                int c0 = (int) s;
                int cols = (int) (e - s);
                if (f32) ctx.floats().reduceRows(code, (float[]) ai, ia + c0, count, inner, cols, (float[]) ao, io + c0);
                else ctx.doubles().reduceRows(code, (double[]) ai, ia + c0, count, inner, cols, (double[]) ao, io + c0);
            });
        }
        return true;
    }

    /**
     * Reduced axes that are a leading block and a trailing block around the kept ones (a conv bias
     * gradient sums {@code [N, C, H, W]} over 0, 2, 3): for every leading index and kept index the trailing
     * run is reduced by the vector loops, and runs are combined per kept index in double.
     */
    private static boolean outerAndInner(SimdContext ctx, int code, View in, int[] axes, View out, int count,
                                         Object ai, Object ao) {
        int rank = in.rank();
        int lead = 0;
        while (lead < axes.length && axes[lead] == lead) lead++;
        int trail = axes.length - lead;
        for (int k = 0; k < trail; k++) if (axes[lead + k] != rank - trail + k) return false;
        if (lead == 0 || trail == 0) return false;
        int[] shape = in.shape();
        long outer = 1;
        for (int d = 0; d < lead; d++) outer *= shape[d];
        long kept = 1;
        for (int d = lead; d < rank - trail; d++) kept *= shape[d];
        int run = (int) (count / outer);
        if (kept > Integer.MAX_VALUE) return false;
        int k = (int) kept;
        boolean f32 = in.dtype() == DType.FLOAT32;
        int ib = FastPaths.base(in);
        int ob = FastPaths.base(out);
        double[] acc = new double[k];
        for (long o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                double r = run(ctx, code, f32, ai, (int) (ib + (o * k + j) * run), run);
                acc[j] = o == 0 ? r : combine(code, acc[j], r);
            }
        }
        for (int j = 0; j < k; j++) {
            if (f32) ((float[]) ao)[ob + j] = (float) acc[j]; else ((double[]) ao)[ob + j] = acc[j];
        }
        return true;
    }

    /** One contiguous run reduced by the vector loops. */
    private static double run(SimdContext ctx, int code, boolean f32, Object a, int from, int n) {
        if (code == VectorLoops.ADD) {
            return f32 ? ctx.floats().sum((float[]) a, from, n) : ctx.doubles().sum((double[]) a, from, n);
        }
        boolean max = code == VectorLoops.MAX;
        return f32 ? ctx.floats().extreme(max, (float[]) a, from, n) : ctx.doubles().extreme(max, (double[]) a, from, n);
    }

    private static double combine(int code, double x, double y) {
        return code == VectorLoops.ADD ? x + y : code == VectorLoops.MAX ? Math.max(x, y) : Math.min(x, y);
    }

}
