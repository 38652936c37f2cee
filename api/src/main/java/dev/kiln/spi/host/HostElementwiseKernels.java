package dev.kiln.spi.host;


import dev.kiln.DType;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;

/**
 * Elementwise kernels over host memory with the reference semantics: unary, binary, where, copy with
 * cast, fill. Floating dtypes compute in double and round once on store; integer and bool dtypes compute
 * in long and wrap on store, so int64 is exact. The reference backend runs them for everything; the SIMD
 * backend runs them for what its vector paths do not take, so both define each op in one place.
 */
public final class HostElementwiseKernels {
    private HostElementwiseKernels() {}

    // kernel names for errors, made once: a kernel call on small tensors does not pay for a string each time
    private static final String[] UNARY = java.util.Arrays.stream(UnaryOp.values()).map(o -> "unary " + o)
            .toArray(String[]::new);
    private static final String[] BINARY = java.util.Arrays.stream(BinaryOp.values()).map(o -> "binary " + o)
            .toArray(String[]::new);

    public static void unary(Segments mem, UnaryOp op, View in, View out) {
        DType t = in.dtype();
        DType to = out.dtype();
        MemorySegment si = mem.of(in, UNARY[op.ordinal()]);
        MemorySegment so = mem.of(out, UNARY[op.ordinal()]);
        boolean floating = t.isFloatingPoint();
        if (!floating && op.floatingOnly()) {
            throw new IllegalArgumentException("unary " + op + ": defined for floating dtypes only, got "
                    + t.torchName() + " (core casts integer inputs to a floating dtype first)");
        }
        if (flat(in, out)) {
            unaryRow(op, floating, si, t, in.offset(), 1, so, to, out.offset(), 1, out.numel());
            return;
        }
        StridedLoop loop = new StridedLoop(in.shape(), new long[] {in.offset(), out.offset()},
                in.strides(), out.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        while (loop.next()) unaryRow(op, floating, si, t, loop.offset(0), s0, so, to, loop.offset(1), s1, n);
    }

    private static void unaryRow(UnaryOp op, boolean floating, MemorySegment si, DType t, long a, long s0,
                                 MemorySegment so, DType to, long o, long s1, long n) {
        if (floating) {
            for (long i = 0; i < n; i++, a += s0, o += s1) {
                HostElements.writeDouble(so, to, o, apply(op, HostElements.readDouble(si, t, a)));
            }
        } else {
            for (long i = 0; i < n; i++, a += s0, o += s1) {
                HostElements.writeLong(so, to, o, apply(op, HostElements.readLong(si, t, a)));
            }
        }
    }

    /**
     * True when the views share one shape and each is contiguous: then element {@code i} of every view is
     * {@code offset + i}, and one flat loop replaces the row walk (no {@link StridedLoop} for small tensors).
     */
    static boolean flat(View a, View b) {
        return java.util.Arrays.equals(a.shape(), b.shape()) && a.isContiguous() && b.isContiguous();
    }

    static boolean flat(View a, View b, View c) {
        return flat(a, b) && java.util.Arrays.equals(a.shape(), c.shape()) && c.isContiguous();
    }

    /** A unary op on a floating value. {@code sign(NaN)} is 0 and {@code relu(NaN)} NaN, as PyTorch. */
    public static double apply(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> (x > 0 ? 1.0 : 0.0) - (x < 0 ? 1.0 : 0.0);
            case RELU -> Math.max(x, 0.0);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case RECIPROCAL -> 1.0 / x;
            case LOGICAL_NOT -> x == 0 ? 1.0 : 0.0;
        };
    }

    /** A unary op on an integer value (floating-only ops are rejected before). */
    public static long apply(UnaryOp op, long x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case RELU -> Math.max(x, 0L);
            case LOGICAL_NOT -> x == 0 ? 1L : 0L;
            case EXP, LOG, SQRT, TANH, SIGMOID, SIN, COS, RECIPROCAL -> throw new IllegalArgumentException(
                    "unary " + op + ": defined for floating dtypes only");
        };
    }

    public static void binary(Segments mem, BinaryOp op, View a, View b, View out) {
        DType t = a.dtype();
        DType tb = b.dtype();
        DType to = out.dtype();
        MemorySegment sa = mem.of(a, BINARY[op.ordinal()]);
        MemorySegment sb = mem.of(b, BINARY[op.ordinal()]);
        MemorySegment so = mem.of(out, BINARY[op.ordinal()]);
        boolean floating = t.isFloatingPoint() || tb.isFloatingPoint();
        if (flat(a, b, out)) {
            binaryRow(op, floating, sa, t, a.offset(), 1, sb, tb, b.offset(), 1, so, to, out.offset(), 1, out.numel());
            return;
        }
        StridedLoop loop = new StridedLoop(out.shape(), new long[] {a.offset(), b.offset(), out.offset()},
                a.strides(), b.strides(), out.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        long s2 = loop.innerStride(2);
        while (loop.next()) {
            binaryRow(op, floating, sa, t, loop.offset(0), s0, sb, tb, loop.offset(1), s1, so, to, loop.offset(2), s2, n);
        }
    }

    private static void binaryRow(BinaryOp op, boolean floating, MemorySegment sa, DType t, long ia, long s0,
                                  MemorySegment sb, DType tb, long ib, long s1, MemorySegment so, DType to, long io,
                                  long s2, long n) {
        if (floating) {
            for (long i = 0; i < n; i++, ia += s0, ib += s1, io += s2) {
                double r = apply(op, HostElements.readDouble(sa, t, ia), HostElements.readDouble(sb, tb, ib));
                HostElements.writeDouble(so, to, io, r);
            }
        } else {
            for (long i = 0; i < n; i++, ia += s0, ib += s1, io += s2) {
                long r = apply(op, HostElements.readLong(sa, t, ia), HostElements.readLong(sb, tb, ib));
                HostElements.writeLong(so, to, io, r);
            }
        }
    }

    /** A binary op on floating values; comparisons and logical ops give 1 or 0. */
    public static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LOGICAL_AND -> x != 0 && y != 0 ? 1 : 0;
            case LOGICAL_OR -> x != 0 || y != 0 ? 1 : 0;
        };
    }

    /**
     * C's {@code pow} (which PyTorch uses): unlike {@link Math#pow}, {@code pow(1, y)} is 1 for every
     * y and {@code pow(-1, ±inf)} is 1. A square is computed as {@code x * x}.
     */
    public static double pow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) return 1.0;
        if (y == 2.0) return x * x;
        return Math.pow(x, y);
    }

    /** A binary op on integer values (wrap-around); comparisons and logical ops give 1 or 0. */
    public static long apply(BinaryOp op, long x, long y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> {
                if (y == 0) {
                    throw new ArithmeticException("binary DIV: integer division by zero");
                }
                yield x / y;
            }
            case POW -> pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LE -> x <= y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case GE -> x >= y ? 1 : 0;
            case LOGICAL_AND -> x != 0 && y != 0 ? 1 : 0;
            case LOGICAL_OR -> x != 0 || y != 0 ? 1 : 0;
        };
    }

    /**
     * Integer power by repeated squaring, wrapping on overflow. A negative exponent gives 0 except
     * for bases 1 and -1, as PyTorch's integer pow.
     */
    public static long pow(long base, long exp) {
        if (exp < 0) {
            if (base == 1) return 1;
            if (base == -1) return (exp & 1) == 0 ? 1 : -1;
            return 0;
        }
        long result = 1;
        long b = base;
        long e = exp;
        while (e > 0) {
            if ((e & 1) != 0) result *= b;
            e >>>= 1;
            if (e > 0) b *= b;
        }
        return result;
    }

    public static void where(Segments mem, View cond, View a, View b, View out) {
        DType tc = cond.dtype();
        DType t = out.dtype();
        MemorySegment sc = mem.of(cond, "where");
        MemorySegment sa = mem.of(a, "where");
        MemorySegment sb = mem.of(b, "where");
        MemorySegment so = mem.of(out, "where");
        StridedLoop loop = new StridedLoop(out.shape(),
                new long[] {cond.offset(), a.offset(), b.offset(), out.offset()},
                cond.strides(), a.strides(), b.strides(), out.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        long s2 = loop.innerStride(2);
        long s3 = loop.innerStride(3);
        while (loop.next()) {
            long ic = loop.offset(0);
            long ia = loop.offset(1);
            long ib = loop.offset(2);
            long io = loop.offset(3);
            for (int i = 0; i < n; i++, ic += s0, ia += s1, ib += s2, io += s3) {
                long bits = HostElements.readLong(sc, tc, ic) != 0 ? HostElements.readRaw(sa, t, ia) : HostElements.readRaw(sb, t, ib);
                HostElements.writeRaw(so, t, io, bits);
            }
        }
    }

    /**
     * {@code dst = (dst.dtype) src}. Same dtype moves bits; a floating source converts through
     * double (to an integer: truncation toward zero; to bool: {@code x != 0}); an integer or bool
     * source converts through long (to floating: one rounding).
     */
    public static void copy(Segments mem, View src, View dst) {
        DType ts = src.dtype();
        DType td = dst.dtype();
        MemorySegment ss = mem.of(src, "copy");
        MemorySegment sd = mem.of(dst, "copy");
        if (flat(src, dst)) {
            copyRow(ss, ts, src.offset(), 1, sd, td, dst.offset(), 1, dst.numel());
            return;
        }
        StridedLoop loop = new StridedLoop(dst.shape(), new long[] {src.offset(), dst.offset()},
                src.strides(), dst.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        while (loop.next()) copyRow(ss, ts, loop.offset(0), s0, sd, td, loop.offset(1), s1, n);
    }

    private static void copyRow(MemorySegment ss, DType ts, long is, long s0, MemorySegment sd, DType td, long id,
                                long s1, long n) {
        if (ts == td) {
            for (long i = 0; i < n; i++, is += s0, id += s1) {
                HostElements.writeRaw(sd, td, id, HostElements.readRaw(ss, ts, is));
            }
        } else if (ts.isFloatingPoint()) {
            for (long i = 0; i < n; i++, is += s0, id += s1) {
                HostElements.writeDouble(sd, td, id, HostElements.readDouble(ss, ts, is));
            }
        } else {
            for (long i = 0; i < n; i++, is += s0, id += s1) {
                HostElements.writeLong(sd, td, id, HostElements.readLong(ss, ts, is));
            }
        }
    }

    /** Every element of {@code dst} set to {@code value} converted to its dtype. */
    public static void fill(Segments mem, View dst, double value) {
        DType t = dst.dtype();
        MemorySegment sd = mem.of(dst, "fill");
        // convert once, then move the bits
        MemorySegment one = MemorySegment.ofArray(new long[1]);
        HostElements.writeDouble(one, t, 0, value);
        long bits = HostElements.readRaw(one, t, 0);
        if (dst.isContiguous()) {
            long end = dst.offset() + dst.numel();
            for (long id = dst.offset(); id < end; id++) HostElements.writeRaw(sd, t, id, bits);
            return;
        }
        StridedLoop loop = new StridedLoop(dst.shape(), new long[] {dst.offset()}, dst.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        while (loop.next()) {
            long id = loop.offset(0);
            for (int i = 0; i < n; i++, id += s0) HostElements.writeRaw(sd, t, id, bits);
        }
    }
}
