package dev.kiln.plugins.simd;

import dev.kiln.DType;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.View;

/**
 * Comparisons of float32/float64 operands into bool, and the casts between bool, float32 and
 * float64, as array loops (the masks and casts of ReLU's backward, {@code where} conditions, accuracy
 * counts): heap arrays on both sides, the op chosen once per call, no per-element dtype switch. They
 * compute what the reference computes (Java's comparisons, so NaN compares false except for
 * {@code !=}; bool to float 0/1; float to bool {@code x != 0}, NaN true). Each method returns false when
 * the views do not fit, and the caller runs the scalar loop.
 */
final class MaskKernels {
    private MaskKernels() {}

    /** Shortest innermost run for which the row path is taken. */
    private static final int MIN_ROW = 8;

    static boolean compare(SimdContext ctx, BinaryOp op, View a, View b, View out) {
        DType t = a.dtype();
        if (op.category() != BinaryOp.Category.COMPARISON || b.dtype() != t || out.dtype() != DType.BOOL
                || (t != DType.FLOAT32 && t != DType.FLOAT64)) {
            return false;
        }
        Object aa = FastPaths.array(a);
        Object ab = FastPaths.array(b);
        byte[] o = SimdStorage.bytes(out);
        if (aa == null || ab == null || o == null) return false;
        long numel = out.numel();
        if (numel == 0) return true;
        if (out.isContiguous() && numel <= Integer.MAX_VALUE) {
            int sa = FastPaths.allZero(a.strides()) ? 0 : a.isContiguous() ? 1 : -1;
            int sb = FastPaths.allZero(b.strides()) ? 0 : b.isContiguous() ? 1 : -1;
            if (sa >= 0 && sb >= 0) {
                int ia = FastPaths.base(a);
                int ib = FastPaths.base(b);
                int io = FastPaths.base(out);
                ctx.parallel().forRange(numel, ctx.grain(), (s, e) -> {
                    int lo = (int) s;
                    int n = (int) (e - s);
                    if (!vector(ctx, op, aa, ia + lo * sa, sa, ab, ib + lo * sb, sb, o, io + lo, n)) {
                        run(op, aa, ia + lo * sa, sa, ab, ib + lo * sb, sb, o, io + lo, n);
                    }
                });
                return true;
            }
        }
        int rank = out.rank();
        if (rank == 0) return false;
        int inner = out.shape()[rank - 1];
        long sa = a.strides()[rank - 1];
        long sb = b.strides()[rank - 1];
        if (inner < MIN_ROW || out.strides()[rank - 1] != 1 || (sa != 0 && sa != 1) || (sb != 0 && sb != 1)) return false;
        int[] shape = out.shape();
        ctx.parallel().forRange(numel / inner, Math.max(1, ctx.grain() / inner), (s, e) -> {
            for (long r = s; r < e; r++) {
                run(op, aa, (int) FastPaths.rowOffset(shape, a, r), (int) sa, ab, (int) FastPaths.rowOffset(shape, b, r),
                        (int) sb, o, (int) FastPaths.rowOffset(shape, out, r), inner);
            }
        });
        return true;
    }

    /**
     * The vector loops when this width has them: a contiguous left operand, or a broadcast left one
     * against a contiguous right one with the comparison mirrored ({@code s < x} is {@code x > s}).
     */
    private static boolean vector(SimdContext ctx, BinaryOp op, Object a, int ia, int sa, Object b, int ib, int sb,
                                  byte[] o, int io, int n) {
        if (sa == 0 && sb == 0) return false;
        if (sa == 0) {
            BinaryOp mirrored = switch (op) {
                case LT -> BinaryOp.GT;
                case LE -> BinaryOp.GE;
                case GT -> BinaryOp.LT;
                case GE -> BinaryOp.LE;
                default -> op;
            };
            return vector(ctx, mirrored, b, ib, sb, a, ia, sa, o, io, n);
        }
        int code = switch (op) {
            case EQ -> VectorLoops.EQ;
            case NE -> VectorLoops.NE;
            case LT -> VectorLoops.LT;
            case LE -> VectorLoops.LE;
            case GT -> VectorLoops.GT;
            default -> VectorLoops.GE;
        };
        return a instanceof float[] x
                ? ctx.floats().compare(code, x, ia, (float[]) b, ib, sb, o, io, n)
                : ctx.doubles().compare(code, (double[]) a, ia, (double[]) b, ib, sb, o, io, n);
    }

    private static void run(BinaryOp op, Object a, int ia, int sa, Object b, int ib, int sb, byte[] o, int io, int n) {
        if (a instanceof float[] x) {
            float[] y = (float[]) b;
            switch (op) {
                case EQ -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] == y[ib + i * sb] ? 1 : 0); }
                case NE -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] != y[ib + i * sb] ? 1 : 0); }
                case LT -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] < y[ib + i * sb] ? 1 : 0); }
                case LE -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] <= y[ib + i * sb] ? 1 : 0); }
                case GT -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] > y[ib + i * sb] ? 1 : 0); }
                case GE -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] >= y[ib + i * sb] ? 1 : 0); }
                default -> throw new IllegalArgumentException("compare: " + op + " is not a comparison");
            }
        } else {
            double[] x = (double[]) a;
            double[] y = (double[]) b;
            switch (op) {
                case EQ -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] == y[ib + i * sb] ? 1 : 0); }
                case NE -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] != y[ib + i * sb] ? 1 : 0); }
                case LT -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] < y[ib + i * sb] ? 1 : 0); }
                case LE -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] <= y[ib + i * sb] ? 1 : 0); }
                case GT -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] > y[ib + i * sb] ? 1 : 0); }
                case GE -> { for (int i = 0; i < n; i++) o[io + i] = (byte) (x[ia + i * sa] >= y[ib + i * sb] ? 1 : 0); }
                default -> throw new IllegalArgumentException("compare: " + op + " is not a comparison");
            }
        }
    }

    /**
     * Contiguous casts among bool, float32 and float64, and int64, uint8 and int8 to float32/float64: the vector loops
     * of this width for bool to and from float (a branch-free scalar loop where no byte species has the
     * float species' lane count), plain array loops for the others (C2 vectorises the conversions);
     * split over the pool when large.
     */
    static boolean cast(SimdContext ctx, View src, View dst) {
        DType ts = src.dtype();
        DType td = dst.dtype();
        if (!src.isContiguous() || !dst.isContiguous() || dst.numel() > Integer.MAX_VALUE) return false;
        int n = (int) dst.numel();
        int is = FastPaths.base(src);
        int id = FastPaths.base(dst);
        if (ts == DType.BOOL && (td == DType.FLOAT32 || td == DType.FLOAT64)) {
            byte[] s = SimdStorage.bytes(src);
            Object d = FastPaths.array(dst);
            if (s == null || d == null) return false;
            ctx.parallel().forRange(n, ctx.grain(), (lo, hi) -> {
                if (d instanceof float[] f) ctx.floats().fromBool(s, is + (int) lo, f, id + (int) lo, (int) (hi - lo));
                else ctx.doubles().fromBool(s, is + (int) lo, (double[]) d, id + (int) lo, (int) (hi - lo));
            });
            return true;
        }
        if ((ts == DType.FLOAT32 || ts == DType.FLOAT64) && td == DType.BOOL) {
            Object s = FastPaths.array(src);
            byte[] d = SimdStorage.bytes(dst);
            if (s == null || d == null) return false;
            ctx.parallel().forRange(n, ctx.grain(), (lo, hi) -> {
                if (s instanceof float[] f) ctx.floats().toBool(f, is + (int) lo, d, id + (int) lo, (int) (hi - lo));
                else ctx.doubles().toBool((double[]) s, is + (int) lo, d, id + (int) lo, (int) (hi - lo));
            });
            return true;
        }
        if (ts == DType.FLOAT32 && td == DType.FLOAT64 || ts == DType.FLOAT64 && td == DType.FLOAT32) {
            Object s = FastPaths.array(src);
            Object d = FastPaths.array(dst);
            if (s == null || d == null) return false;
            ctx.parallel().forRange(n, ctx.grain(), (lo, hi) -> {
                int a = (int) lo;
                int b = (int) hi;
                if (s instanceof float[] f) {
                    double[] g = (double[]) d;
                    for (int i = a; i < b; i++) g[id + i] = f[is + i];
                } else {
                    double[] g = (double[]) s;
                    float[] f = (float[]) d;
                    for (int i = a; i < b; i++) f[id + i] = (float) g[is + i];
                }
            });
            return true;
        }
        if ((ts == DType.UINT8 || ts == DType.INT8) && (td == DType.FLOAT32 || td == DType.FLOAT64)) {
            // image bytes to float (a dataset's images().to(float32)): exact, one array loop
            byte[] s = SimdStorage.bytes(src);
            Object d = FastPaths.array(dst);
            if (s == null || d == null) return false;
            int mask = ts == DType.UINT8 ? 0xFF : -1;
            ctx.parallel().forRange(n, ctx.grain(), (lo, hi) -> {
                int a = (int) lo;
                int b = (int) hi;
                if (d instanceof float[] f) for (int i = a; i < b; i++) f[id + i] = s[is + i] & mask;
                else for (int i = a; i < b; i++) ((double[]) d)[id + i] = s[is + i] & mask;
            });
            return true;
        }
        if (ts == DType.INT64 && (td == DType.FLOAT32 || td == DType.FLOAT64)) {
            long[] s = SimdStorage.longs(src);
            Object d = FastPaths.array(dst);
            if (s == null || d == null) return false;
            ctx.parallel().forRange(n, ctx.grain(), (lo, hi) -> {
                int a = (int) lo;
                int b = (int) hi;
                // (float) of a long rounds once, as the reference's writeLong
                if (d instanceof float[] f) for (int i = a; i < b; i++) f[id + i] = (float) s[is + i];
                else for (int i = a; i < b; i++) ((double[]) d)[id + i] = (double) s[is + i];
            });
            return true;
        }
        return false;
    }

    /**
     * {@code where} on float32/float64 with a bool condition: the output contiguous, each operand
     * contiguous or one broadcast element, or rows (innermost dimension contiguous or broadcast). False when
     * the views do not fit.
     */
    static boolean where(SimdContext ctx, View cond, View a, View b, View out) {
        DType t = out.dtype();
        if (cond.dtype() != DType.BOOL || a.dtype() != t || b.dtype() != t || (t != DType.FLOAT32 && t != DType.FLOAT64)) {
            return false;
        }
        byte[] c = SimdStorage.bytes(cond);
        Object aa = FastPaths.array(a);
        Object ab = FastPaths.array(b);
        Object ao = FastPaths.array(out);
        if (c == null || aa == null || ab == null || ao == null) return false;
        long numel = out.numel();
        if (numel == 0) return true;
        int rank = out.rank();
        if (rank == 0 || numel > Integer.MAX_VALUE) return false;
        int sc;
        int sa;
        int sb;
        int inner;
        if (out.isContiguous() && (sc = flat(cond)) >= 0 && (sa = flat(a)) >= 0 && (sb = flat(b)) >= 0) {
            inner = (int) numel;
        } else {
            inner = out.shape()[rank - 1];
            long lc = cond.strides()[rank - 1];
            long la = a.strides()[rank - 1];
            long lb = b.strides()[rank - 1];
            if (inner < MIN_ROW || out.strides()[rank - 1] != 1 || lc > 1 || la > 1 || lb > 1 || lc < 0 || la < 0 || lb < 0) {
                return false;
            }
            sc = (int) lc;
            sa = (int) la;
            sb = (int) lb;
        }
        int[] shape = out.shape();
        int fc = sc;
        int fa = sa;
        int fb = sb;
        if (inner == numel) {
            int ic = FastPaths.base(cond);
            int ia = FastPaths.base(a);
            int ib = FastPaths.base(b);
            int io = FastPaths.base(out);
            ctx.parallel().forRange(numel, ctx.grain(), (s, e) -> {
                int lo = (int) s;
                whereRun(ctx, c, ic + lo * fc, fc, aa, ia + lo * fa, fa, ab, ib + lo * fb, fb, ao, io + lo, (int) (e - s));
            });
            return true;
        }
        ctx.parallel().forRange(numel / inner, Math.max(1, ctx.grain() / inner), (s, e) -> {
            for (long r = s; r < e; r++) {
                whereRun(ctx, c, (int) FastPaths.rowOffset(shape, cond, r), fc, aa, (int) FastPaths.rowOffset(shape, a, r), fa,
                        ab, (int) FastPaths.rowOffset(shape, b, r), fb, ao, (int) FastPaths.rowOffset(shape, out, r), inner);
            }
        });
        return true;
    }

    /** 1 for a contiguous view, 0 for one broadcast element, else -1. */
    private static int flat(View v) {
        if (FastPaths.allZero(v.strides())) return 0;
        return v.isContiguous() ? 1 : -1;
    }

    private static void whereRun(SimdContext ctx, byte[] c, int ic, int sc, Object a, int ia, int sa, Object b, int ib, int sb,
                                 Object o, int io, int n) {
        if (o instanceof float[] f) ctx.floats().where(c, ic, sc, (float[]) a, ia, sa, (float[]) b, ib, sb, f, io, n);
        else ctx.doubles().where(c, ic, sc, (double[]) a, ia, sa, (double[]) b, ib, sb, (double[]) o, io, n);
    }
}
