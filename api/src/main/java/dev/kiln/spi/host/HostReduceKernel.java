package dev.kiln.spi.host;

import dev.kiln.DType;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Reductions over sorted, distinct axes. For every output element the reduced sub-array is walked
 * in row-major order into one double (floating dtypes) or long (integer and bool dtypes)
 * accumulator, stored once at the end. The reference backend runs every reduction here; the SIMD backend
 * runs here what it does not vectorise.
 *
 * <p>MAX and MIN propagate NaN; ARGMAX and ARGMIN return the first index of the extreme, a NaN
 * counting as the extreme (the first NaN wins), as PyTorch. Zero elements give 0 for SUM and 1 for
 * PROD; MAX, MIN, ARGMAX and ARGMIN over zero elements throw {@link IllegalArgumentException}.
 */
public final class HostReduceKernel {
    private HostReduceKernel() {}

    /** "reduce SUM" ... per op, made once: a kernel call on small tensors does not pay for a string each time. */
    private static final String[] NAMES = java.util.Arrays.stream(ReduceOp.values()).map(o -> "reduce " + o)
            .toArray(String[]::new);

    /**
     * Checks a reduction's operands as {@link dev.kiln.spi.Backend#reduce} documents them and returns how many
     * elements each output element reduces; throws {@link IllegalArgumentException} naming the op and shapes.
     */
    public static long check(ReduceOp op, View in, int[] axes, View out) {
        return plan(op, in, axes, out).count;
    }

    /** Reduces {@code in} over {@code axes} into {@code out}, reaching the memory through {@code mem}. */
    public static void reduce(Segments mem, ReduceOp op, View in, int[] axes, View out) {
        Plan p = plan(op, in, axes, out);
        long count = p.count;
        DType t = in.dtype();
        DType to = out.dtype();
        MemorySegment si = mem.of(in, NAMES[op.ordinal()]);
        MemorySegment so = mem.of(out, NAMES[op.ordinal()]);
        StridedLoop outer = new StridedLoop(p.keptShape, new long[] {in.offset(), out.offset()}, p.keptIn, p.keptOut);
        StridedLoop inner = new StridedLoop(p.redShape, new long[] {in.offset()}, p.redIn);
        int n = outer.innerSize();
        long s0 = outer.innerStride(0);
        long s1 = outer.innerStride(1);
        boolean floating = t.isFloatingPoint();
        while (outer.next()) {
            long ii = outer.offset(0);
            long io = outer.offset(1);
            for (int i = 0; i < n; i++, ii += s0, io += s1) {
                inner.restart(0, ii);
                if (op.isIndex()) {
                    long index = floating ? argDouble(op, si, t, inner) : argLong(op, si, t, inner);
                    HostElements.writeLong(so, to, io, index);
                } else if (floating) {
                    HostElements.writeDouble(so, to, io, valueDouble(op, si, t, inner, count));
                } else {
                    HostElements.writeLong(so, to, io, valueLong(op, si, t, inner, count));
                }
            }
        }
    }

    /** The kept and reduced dimensions of a checked reduction. */
    private record Plan(int[] keptShape, long[] keptIn, long[] keptOut, int[] redShape, long[] redIn, long count) {}

    private static Plan plan(ReduceOp op, View in, int[] axes, View out) {
        int rank = in.rank();
        boolean[] reduced = new boolean[rank];
        int prev = -1;
        for (int axis : axes) {
            if (axis <= prev || axis >= rank) {
                throw new IllegalArgumentException("reduce " + op + ": axes " + Arrays.toString(axes)
                        + " must be sorted, distinct and in [0, " + rank + ") for input shape "
                        + Arrays.toString(in.shape()));
            }
            reduced[axis] = true;
            prev = axis;
        }
        if (op.isIndex() && axes.length != 1) {
            throw new IllegalArgumentException("reduce " + op + ": takes exactly one axis, got "
                    + Arrays.toString(axes) + " for input shape " + Arrays.toString(in.shape()));
        }
        if (out.rank() != rank) {
            throw new IllegalArgumentException("reduce " + op + ": output shape " + Arrays.toString(out.shape())
                    + " must have the rank of input shape " + Arrays.toString(in.shape())
                    + " with size 1 at reduced axes " + Arrays.toString(axes));
        }

        int keptRank = rank - axes.length;
        int[] keptShape = new int[keptRank];
        long[] keptIn = new long[keptRank];
        long[] keptOut = new long[keptRank];
        int[] redShape = new int[axes.length];
        long[] redIn = new long[axes.length];
        long count = 1;
        for (int d = 0, k = 0, r = 0; d < rank; d++) {
            if (reduced[d]) {
                redShape[r] = in.shape()[d];
                redIn[r++] = in.strides()[d];
                count *= in.shape()[d];
            } else {
                keptShape[k] = in.shape()[d];
                keptIn[k] = in.strides()[d];
                keptOut[k++] = out.strides()[d];
            }
        }
        if (count == 0 && op != ReduceOp.SUM && op != ReduceOp.PROD) {
            throw new IllegalArgumentException("reduce " + op + ": cannot reduce over zero elements: input shape "
                    + Arrays.toString(in.shape()) + " has size 0 at reduced axes " + Arrays.toString(axes)
                    + "; " + op + " has no identity (SUM and PROD do)");
        }

        return new Plan(keptShape, keptIn, keptOut, redShape, redIn, count);
    }

    private static double valueDouble(ReduceOp op, MemorySegment s, DType t, StridedLoop loop, long count) {
        if (count == 0) return op == ReduceOp.PROD ? 1.0 : 0.0;
        boolean first = true;
        double acc = 0;
        int n = loop.innerSize();
        long st = loop.innerStride(0);
        while (loop.next()) {
            long i0 = loop.offset(0);
            for (int i = 0; i < n; i++, i0 += st) {
                double x = HostElements.readDouble(s, t, i0);
                if (first) {
                    acc = x;
                    first = false;
                    continue;
                }
                acc = switch (op) {
                    case SUM -> acc + x;
                    case PROD -> acc * x;
                    case MAX -> Math.max(acc, x);
                    case MIN -> Math.min(acc, x);
                    case ARGMAX, ARGMIN -> throw new IllegalStateException("index reduction " + op);
                };
            }
        }
        return acc;
    }

    private static long valueLong(ReduceOp op, MemorySegment s, DType t, StridedLoop loop, long count) {
        if (count == 0) return op == ReduceOp.PROD ? 1L : 0L;
        boolean first = true;
        long acc = 0;
        int n = loop.innerSize();
        long st = loop.innerStride(0);
        while (loop.next()) {
            long i0 = loop.offset(0);
            for (int i = 0; i < n; i++, i0 += st) {
                long x = HostElements.readLong(s, t, i0);
                if (first) {
                    acc = x;
                    first = false;
                    continue;
                }
                acc = switch (op) {
                    case SUM -> acc + x;
                    case PROD -> acc * x;
                    case MAX -> Math.max(acc, x);
                    case MIN -> Math.min(acc, x);
                    case ARGMAX, ARGMIN -> throw new IllegalStateException("index reduction " + op);
                };
            }
        }
        return acc;
    }

    /** First index of the max (ARGMAX) or min (ARGMIN) along the one reduced axis; a NaN wins at once. */
    private static long argDouble(ReduceOp op, MemorySegment s, DType t, StridedLoop loop) {
        boolean max = op == ReduceOp.ARGMAX;
        int n = loop.innerSize();
        long st = loop.innerStride(0);
        loop.next();
        long i0 = loop.offset(0);
        double best = HostElements.readDouble(s, t, i0);
        long bestIndex = 0;
        if (Double.isNaN(best)) return 0;
        for (int i = 1; i < n; i++) {
            i0 += st;
            double x = HostElements.readDouble(s, t, i0);
            if (Double.isNaN(x)) return i;
            if (max ? x > best : x < best) {
                best = x;
                bestIndex = i;
            }
        }
        return bestIndex;
    }

    private static long argLong(ReduceOp op, MemorySegment s, DType t, StridedLoop loop) {
        boolean max = op == ReduceOp.ARGMAX;
        int n = loop.innerSize();
        long st = loop.innerStride(0);
        loop.next();
        long i0 = loop.offset(0);
        long best = HostElements.readLong(s, t, i0);
        long bestIndex = 0;
        for (int i = 1; i < n; i++) {
            i0 += st;
            long x = HostElements.readLong(s, t, i0);
            if (max ? x > best : x < best) {
                best = x;
                bestIndex = i;
            }
        }
        return bestIndex;
    }
}
