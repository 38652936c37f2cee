package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;

/**
 * The vectorised elementwise paths of float32 and float64 over heap arrays: unary and binary on
 * contiguous runs, with a broadcast scalar (stride 0 everywhere) or a broadcast row (the innermost
 * dimension contiguous or stride 0, any outer strides). Each returns false when the views do not fit,
 * and the caller runs the scalar loop. Large work is split over the pool by elements (flat runs) or by
 * rows.
 */
final class FastPaths {
    private FastPaths() {}

    /** Shortest innermost run for which the row path beats the scalar loop. */
    private static final int MIN_ROW = 8;

    /** The vector loop code of a binary op, or -1 when it has none. */
    static int code(BinaryOp op) {
        return switch (op) {
            case ADD -> VectorLoops.ADD;
            case SUB -> VectorLoops.SUB;
            case MUL -> VectorLoops.MUL;
            case DIV -> VectorLoops.DIV;
            case MAXIMUM -> VectorLoops.MAX;
            case MINIMUM -> VectorLoops.MIN;
            default -> -1;
        };
    }

    /** The vector loop code of a unary op, or -1 when it has none. */
    static int code(UnaryOp op) {
        return switch (op) {
            case NEG -> VectorLoops.NEG;
            case ABS -> VectorLoops.ABS;
            case RELU -> VectorLoops.RELU;
            case EXP -> VectorLoops.EXP;
            case LOG -> VectorLoops.LOG;
            case SQRT -> VectorLoops.SQRT;
            case TANH -> VectorLoops.TANH;
            case SIGMOID -> VectorLoops.SIGMOID;
            case SIN -> VectorLoops.SIN;
            case COS -> VectorLoops.COS;
            case RECIPROCAL -> VectorLoops.RECIPROCAL;
            case SIGN, LOGICAL_NOT -> -1;
        };
    }

    /** True when every stride is 0 (one element broadcast). */
    static boolean allZero(long[] strides) {
        for (long s : strides) if (s != 0) return false;
        return true;
    }

    static boolean binary(SimdContext ctx, BinaryOp op, View a, View b, View out) {
        int code = code(op);
        DType t = out.dtype();
        if (code < 0 || a.dtype() != t || b.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) return false;
        Object aa = array(a);
        Object ab = array(b);
        Object ao = array(out);
        if (aa == null || ab == null || ao == null) return false;
        long numel = out.numel();
        if (numel == 0) return true;
        if (out.isContiguous()) {
            int sa = flatStride(a, out);
            int sb = flatStride(b, out);
            if (sa >= 0 && sb >= 0 && (sa | sb) != 0 && numel <= Integer.MAX_VALUE) {
                int ia = base(a);
                int ib = base(b);
                int io = base(out);
                ctx.parallel().forRange(numel, ctx.grain(), (s, e) -> {
                    int lo = (int) s;
                    int n = (int) (e - s);
                    if (t == DType.FLOAT32) {
                        ctx.floats().binary(code, (float[]) aa, ia + lo * sa, sa, (float[]) ab, ib + lo * sb, sb,
                                (float[]) ao, io + lo, n);
                    } else {
                        ctx.doubles().binary(code, (double[]) aa, ia + lo * sa, sa, (double[]) ab, ib + lo * sb, sb,
                                (double[]) ao, io + lo, n);
                    }
                });
                return true;
            }
        }
        // rows: innermost dimension contiguous or broadcast for the inputs, contiguous for the output
        int rank = out.rank();
        if (rank == 0) return false;
        int inner = out.shape()[rank - 1];
        long sa = a.strides()[rank - 1];
        long sb = b.strides()[rank - 1];
        if (inner < MIN_ROW || out.strides()[rank - 1] != 1 || (sa != 0 && sa != 1) || (sb != 0 && sb != 1)
                || (sa | sb) == 0) {
            return false;
        }
        long rows = numel / inner;
        int[] shape = out.shape();
        int ra = (int) sa;
        int rb = (int) sb;
        ctx.parallel().forRange(rows, Math.max(1, ctx.grain() / inner), (s, e) -> {
            for (long r = s; r < e; r++) {
                int ia = (int) rowOffset(shape, a, r);
                int ib = (int) rowOffset(shape, b, r);
                int io = (int) rowOffset(shape, out, r);
                if (t == DType.FLOAT32) {
                    ctx.floats().binary(code, (float[]) aa, ia, ra, (float[]) ab, ib, rb, (float[]) ao, io, inner);
                } else {
                    ctx.doubles().binary(code, (double[]) aa, ia, ra, (double[]) ab, ib, rb, (double[]) ao, io, inner);
                }
            }
        });
        return true;
    }

    static boolean unary(SimdContext ctx, UnaryOp op, View in, View out) {
        int code = code(op);
        DType t = out.dtype();
        if (code < 0 || in.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) return false;
        Object ai = array(in);
        Object ao = array(out);
        if (ai == null || ao == null) return false;
        long numel = out.numel();
        if (numel == 0) return true;
        int rank = out.rank();
        boolean flat = out.isContiguous() && in.isContiguous() && numel <= Integer.MAX_VALUE;
        int inner = flat ? (int) numel : rank == 0 ? 1 : out.shape()[rank - 1];
        if (!flat && (inner < MIN_ROW || in.strides()[rank - 1] != 1 || out.strides()[rank - 1] != 1)) return false;
        long rows = numel / inner;
        int[] shape = out.shape();
        if (flat) {
            int ii = base(in);
            int io = base(out);
            ctx.parallel().forRange(numel, ctx.grain(), (s, e) -> {
                int lo = (int) s;
                if (t == DType.FLOAT32) ctx.floats().unary(code, (float[]) ai, ii + lo, (float[]) ao, io + lo, (int) (e - s));
                else ctx.doubles().unary(code, (double[]) ai, ii + lo, (double[]) ao, io + lo, (int) (e - s));
            });
            return true;
        }
        ctx.parallel().forRange(rows, Math.max(1, ctx.grain() / inner), (s, e) -> {
            for (long r = s; r < e; r++) {
                int ii = (int) rowOffset(shape, in, r);
                int io = (int) rowOffset(shape, out, r);
                if (t == DType.FLOAT32) ctx.floats().unary(code, (float[]) ai, ii, (float[]) ao, io, inner);
                else ctx.doubles().unary(code, (double[]) ai, ii, (double[]) ao, io, inner);
            }
        });
        return true;
    }

    /**
     * 1 when {@code v} walks the output's contiguous order element by element (same shape, contiguous),
     * 0 when it is one broadcast element, else -1.
     */
    private static int flatStride(View v, View out) {
        if (allZero(v.strides())) return 0;
        return v.isContiguous() ? 1 : -1;
    }

    /** The heap float[]/double[] behind a float view, or null. */
    static Object array(View v) {
        return switch (v.dtype()) {
            case FLOAT32 -> SimdStorage.floats(v);
            case FLOAT64 -> SimdStorage.doubles(v);
            default -> null;
        };
    }

    /** The array index of the view's first element. */
    static int base(View v) {
        return SimdStorage.arrayOffset(v) + (int) v.offset();
    }

    /** The array index of the first element of row {@code r} (rows: every dimension but the last, row-major). */
    static long rowOffset(int[] shape, View v, long r) {
        long at = SimdStorage.arrayOffset(v) + v.offset();
        long[] strides = v.strides();
        for (int d = shape.length - 2; d >= 0 && r > 0; d--) {
            long size = shape[d];
            at += (r % size) * strides[d];
            r /= size;
        }
        return at;
    }
}
