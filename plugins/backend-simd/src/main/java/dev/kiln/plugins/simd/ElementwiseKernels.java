package dev.kiln.plugins.simd;

import dev.kiln.spi.host.HostElements;
import dev.kiln.spi.host.StridedLoop;

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

    static void unary(SimdContext ctx, UnaryOp op, View in, View out) {
        if (FastPaths.unary(ctx, op, in, out)) return;
        DType t = in.dtype();
        DType to = out.dtype();
        MemorySegment si = SimdStorage.segment(in, "unary " + op);
        MemorySegment so = SimdStorage.segment(out, "unary " + op);
        boolean floating = t.isFloatingPoint();
        if (!floating && op.floatingOnly()) {
            throw new IllegalArgumentException("unary " + op + ": defined for floating dtypes only, got "
                    + t.torchName() + " (core casts integer inputs to a floating dtype first)");
        }
        StridedLoop loop = new StridedLoop(in.shape(), new long[] {in.offset(), out.offset()},
                in.strides(), out.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        while (loop.next()) {
            long a = loop.offset(0);
            long o = loop.offset(1);
            if (floating) {
                for (int i = 0; i < n; i++, a += s0, o += s1) {
                    HostElements.writeDouble(so, to, o, apply(op, HostElements.readDouble(si, t, a)));
                }
            } else {
                for (int i = 0; i < n; i++, a += s0, o += s1) {
                    HostElements.writeLong(so, to, o, apply(op, HostElements.readLong(si, t, a)));
                }
            }
        }
    }

    /** A unary op on a floating value. {@code sign(NaN)} is 0 and {@code relu(NaN)} NaN, as PyTorch. */
    static double apply(UnaryOp op, double x) {
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
    static long apply(UnaryOp op, long x) {
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

    static void binary(SimdContext ctx, BinaryOp op, View a, View b, View out) {
        if (FastPaths.binary(ctx, op, a, b, out) || MaskKernels.compare(ctx, op, a, b, out)) return;
        DType t = a.dtype();
        DType tb = b.dtype();
        DType to = out.dtype();
        MemorySegment sa = SimdStorage.segment(a, "binary " + op);
        MemorySegment sb = SimdStorage.segment(b, "binary " + op);
        MemorySegment so = SimdStorage.segment(out, "binary " + op);
        boolean floating = t.isFloatingPoint() || tb.isFloatingPoint();
        StridedLoop loop = new StridedLoop(out.shape(), new long[] {a.offset(), b.offset(), out.offset()},
                a.strides(), b.strides(), out.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        long s2 = loop.innerStride(2);
        while (loop.next()) {
            long ia = loop.offset(0);
            long ib = loop.offset(1);
            long io = loop.offset(2);
            if (floating) {
                for (int i = 0; i < n; i++, ia += s0, ib += s1, io += s2) {
                    double r = apply(op, HostElements.readDouble(sa, t, ia), HostElements.readDouble(sb, tb, ib));
                    HostElements.writeDouble(so, to, io, r);
                }
            } else {
                for (int i = 0; i < n; i++, ia += s0, ib += s1, io += s2) {
                    long r = apply(op, HostElements.readLong(sa, t, ia), HostElements.readLong(sb, tb, ib));
                    HostElements.writeLong(so, to, io, r);
                }
            }
        }
    }

    /** A binary op on floating values; comparisons and logical ops give 1 or 0. */
    static double apply(BinaryOp op, double x, double y) {
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
    static double pow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) return 1.0;
        if (y == 2.0) return x * x;
        return Math.pow(x, y);
    }

    /** A binary op on integer values (wrap-around); comparisons and logical ops give 1 or 0. */
    static long apply(BinaryOp op, long x, long y) {
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
    static long pow(long base, long exp) {
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

    static void where(SimdContext ctx, View cond, View a, View b, View out) {
        if (MaskKernels.where(ctx, cond, a, b, out)) return;
        DType tc = cond.dtype();
        DType t = out.dtype();
        MemorySegment sc = SimdStorage.segment(cond, "where");
        MemorySegment sa = SimdStorage.segment(a, "where");
        MemorySegment sb = SimdStorage.segment(b, "where");
        MemorySegment so = SimdStorage.segment(out, "where");
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
    static void copy(SimdContext ctx, View src, View dst) {
        DType ts = src.dtype();
        DType td = dst.dtype();
        MemorySegment ss = SimdStorage.segment(src, "copy");
        MemorySegment sd = SimdStorage.segment(dst, "copy");
        if (ts == td && src.isContiguous() && dst.isContiguous()) {
            long size = ts.byteSize();
            MemorySegment.copy(ss, src.offset() * size, sd, dst.offset() * size, dst.numel() * size);
            return;
        }
        if (MaskKernels.cast(ctx, src, dst) || TransposeCopy.copy(ctx, src, dst)) return;
        StridedLoop loop = new StridedLoop(dst.shape(), new long[] {src.offset(), dst.offset()},
                src.strides(), dst.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        long s1 = loop.innerStride(1);
        while (loop.next()) {
            long is = loop.offset(0);
            long id = loop.offset(1);
            if (ts == td) {
                for (int i = 0; i < n; i++, is += s0, id += s1) {
                    HostElements.writeRaw(sd, td, id, HostElements.readRaw(ss, ts, is));
                }
            } else if (ts.isFloatingPoint()) {
                for (int i = 0; i < n; i++, is += s0, id += s1) {
                    HostElements.writeDouble(sd, td, id, HostElements.readDouble(ss, ts, is));
                }
            } else {
                for (int i = 0; i < n; i++, is += s0, id += s1) {
                    HostElements.writeLong(sd, td, id, HostElements.readLong(ss, ts, is));
                }
            }
        }
    }

    /** Every element of {@code dst} set to {@code value} converted to its dtype. */
    static void fill(View dst, double value) {
        DType t = dst.dtype();
        MemorySegment sd = SimdStorage.segment(dst, "fill");
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
        // convert once, then move the bits
        MemorySegment one = MemorySegment.ofArray(new long[1]);
        HostElements.writeDouble(one, t, 0, value);
        long bits = HostElements.readRaw(one, t, 0);
        StridedLoop loop = new StridedLoop(dst.shape(), new long[] {dst.offset()}, dst.strides());
        int n = loop.innerSize();
        long s0 = loop.innerStride(0);
        while (loop.next()) {
            long id = loop.offset(0);
            for (int i = 0; i < n; i++, id += s0) HostElements.writeRaw(sd, t, id, bits);
        }
    }
}
