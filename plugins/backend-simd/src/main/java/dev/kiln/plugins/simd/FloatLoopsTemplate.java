package dev.kiln.plugins.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;

/**
 * The float32 loops, written once and defined by {@link VectorLoops} as one hidden class per species:
 * the species is this class's {@code static final} field, taken from the hidden class's class data,
 * so the JIT sees a constant species and intrinsifies every vector operation. Never loaded as an
 * ordinary class (its static initializer needs class data).
 *
 * <p>Each loop is a vector body on {@link #S} plus a scalar tail that computes what the reference
 * backend computes (in double, rounded once: for these ops the same as float arithmetic). The op
 * switch sits inside the vector loop with one store per case, so every vector op has a constant
 * operator and no vector value merges across branches.
 */
final class FloatLoopsTemplate implements FloatLoops {
    static final VectorSpecies<Float> S = species();
    static final int L = S.length();
    /** Bytes of the same lane count, for comparison masks stored as bool (none below 8 lanes). */
    static final VectorSpecies<Byte> B = L >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;
    /** Elements summed in float vectors before the block's total is added into a double. */
    static final int BLOCK = 1024;

    private static VectorSpecies<Float> species() {
        try {
            int bits = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, Integer.class);
            return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("FloatLoopsTemplate: defined without class data", e);
        }
    }

    public FloatLoopsTemplate() {}

    @Override
    public int bits() { return S.vectorBitSize(); }

    @Override
    public void binary(int op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(S, a, ia + i);
                FloatVector y = FloatVector.fromArray(S, b, ib + i);
                switch (op) {
                    case VectorLoops.ADD -> x.add(y).intoArray(o, io + i);
                    case VectorLoops.SUB -> x.sub(y).intoArray(o, io + i);
                    case VectorLoops.MUL -> x.mul(y).intoArray(o, io + i);
                    case VectorLoops.DIV -> x.div(y).intoArray(o, io + i);
                    case VectorLoops.MAX -> x.max(y).intoArray(o, io + i);
                    default -> x.min(y).intoArray(o, io + i);
                }
            }
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(S, a, ia + i);
                switch (op) {
                    case VectorLoops.ADD -> x.add(y).intoArray(o, io + i);
                    case VectorLoops.SUB -> x.sub(y).intoArray(o, io + i);
                    case VectorLoops.MUL -> x.mul(y).intoArray(o, io + i);
                    case VectorLoops.DIV -> x.div(y).intoArray(o, io + i);
                    case VectorLoops.MAX -> x.max(y).intoArray(o, io + i);
                    default -> x.min(y).intoArray(o, io + i);
                }
            }
        } else {
            FloatVector x = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) {
                FloatVector y = FloatVector.fromArray(S, b, ib + i);
                switch (op) {
                    case VectorLoops.ADD -> x.add(y).intoArray(o, io + i);
                    case VectorLoops.SUB -> x.sub(y).intoArray(o, io + i);
                    case VectorLoops.MUL -> x.mul(y).intoArray(o, io + i);
                    case VectorLoops.DIV -> x.div(y).intoArray(o, io + i);
                    case VectorLoops.MAX -> x.max(y).intoArray(o, io + i);
                    default -> x.min(y).intoArray(o, io + i);
                }
            }
        }
        for (; i < n; i++) o[io + i] = scalar(op, a[ia + i * sa], b[ib + i * sb]);
    }

    private static float scalar(int op, float x, float y) {
        return switch (op) {
            case VectorLoops.ADD -> x + y;
            case VectorLoops.SUB -> x - y;
            case VectorLoops.MUL -> x * y;
            case VectorLoops.DIV -> x / y;
            case VectorLoops.MAX -> Math.max(x, y);
            default -> Math.min(x, y);
        };
    }

    @Override
    public void unary(int op, float[] a, int ia, float[] o, int io, int n) {
        // sin, cos: Math per element, not the Vector API's lanewise ops, whose SVML stubs give
        // other last bits than their own fallback, so results would depend on when C2 compiled the loop.
        // exp, log, tanh, sigmoid: VMath, each in its own loop so the JIT inlines it (one loop holding them all
        // grew past the inlining limits: exp on 32K floats went from 13 to 27 us)
        switch (op) {
            case VectorLoops.EXP -> {
                expLoop(a, ia, o, io, n);
                return;
            }
            case VectorLoops.LOG -> {
                logLoop(a, ia, o, io, n);
                return;
            }
            case VectorLoops.TANH -> {
                tanhLoop(a, ia, o, io, n);
                return;
            }
            case VectorLoops.SIGMOID -> {
                sigmoidLoop(a, ia, o, io, n);
                return;
            }
            case VectorLoops.SIN, VectorLoops.COS -> {
                for (int i = 0; i < n; i++) o[io + i] = scalar(op, a[ia + i]);
                return;
            }
            default -> { }
        }
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ia + i);
            switch (op) {
                case VectorLoops.NEG -> x.neg().intoArray(o, io + i);
                case VectorLoops.ABS -> x.abs().intoArray(o, io + i);
                case VectorLoops.RELU -> x.max(0f).intoArray(o, io + i);
                case VectorLoops.SQRT -> x.sqrt().intoArray(o, io + i);
                default -> FloatVector.broadcast(S, 1f).div(x).intoArray(o, io + i);
            }
        }
        for (; i < n; i++) o[io + i] = scalar(op, a[ia + i]);
    }

    private static void expLoop(float[] a, int ia, float[] o, int io, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ia + i);
            VMath.exp(x).intoArray(o, io + i);
        }
        for (; i < n; i++) o[io + i] = scalar(VectorLoops.EXP, a[ia + i]);
    }

    private static void logLoop(float[] a, int ia, float[] o, int io, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ia + i);
            VMath.log(x).intoArray(o, io + i);
        }
        for (; i < n; i++) o[io + i] = scalar(VectorLoops.LOG, a[ia + i]);
    }

    private static void tanhLoop(float[] a, int ia, float[] o, int io, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ia + i);
            VMath.tanh(x).intoArray(o, io + i);
        }
        for (; i < n; i++) o[io + i] = scalar(VectorLoops.TANH, a[ia + i]);
    }

    private static void sigmoidLoop(float[] a, int ia, float[] o, int io, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ia + i);
            FloatVector.broadcast(S, 1f).div(VMath.exp(x.neg()).add(1f)).intoArray(o, io + i);
        }
        for (; i < n; i++) o[io + i] = scalar(VectorLoops.SIGMOID, a[ia + i]);
    }

    private static float scalar(int op, float x) {
        return switch (op) {
            case VectorLoops.NEG -> -x;
            case VectorLoops.ABS -> Math.abs(x);
            case VectorLoops.RELU -> Math.max(x, 0f);
            case VectorLoops.EXP -> (float) Math.exp(x);
            case VectorLoops.LOG -> (float) Math.log(x);
            case VectorLoops.SQRT -> (float) Math.sqrt(x);
            case VectorLoops.TANH -> (float) Math.tanh(x);
            case VectorLoops.SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-(double) x)));
            case VectorLoops.SIN -> (float) Math.sin(x);
            case VectorLoops.COS -> (float) Math.cos(x);
            default -> (float) (1.0 / x);
        };
    }

    @Override
    public double sum(float[] a, int ia, int n) {
        double total = 0;
        int i = 0;
        int blocked = n - n % BLOCK;
        for (; i < blocked; i += BLOCK) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            for (int j = 0; j < BLOCK; j += 2 * L) {
                acc0 = acc0.add(FloatVector.fromArray(S, a, ia + i + j));
                acc1 = acc1.add(FloatVector.fromArray(S, a, ia + i + j + L));
            }
            total += VMath.sum(acc0.add(acc1));
        }
        int bound = i + S.loopBound(n - i);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, a, ia + i));
        total += VMath.sum(acc);
        for (; i < n; i++) total += a[ia + i];
        return total;
    }

    @Override
    public float extreme(boolean max, float[] a, int ia, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        float r = a[ia];
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(S, a, ia);
            i = L;
            if (max) {
                for (; i < bound; i += L) acc = acc.max(FloatVector.fromArray(S, a, ia + i));
            } else {
                for (; i < bound; i += L) acc = acc.min(FloatVector.fromArray(S, a, ia + i));
            }
            // lane by lane, so NaN propagates whatever the horizontal reduction does with it
            for (int k = 0; k < L; k++) r = max ? Math.max(r, acc.lane(k)) : Math.min(r, acc.lane(k));
        }
        for (; i < n; i++) r = max ? Math.max(r, a[ia + i]) : Math.min(r, a[ia + i]);
        return r;
    }

    @Override
    public void reduceRows(int op, float[] a, int ia, int rows, int rowStride, int cols, float[] o, int io) {
        System.arraycopy(a, ia, o, io, cols);
        int bound = S.loopBound(cols);
        for (int r = 1; r < rows; r++) {
            int row = ia + r * rowStride;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector x = FloatVector.fromArray(S, a, row + j);
                FloatVector acc = FloatVector.fromArray(S, o, io + j);
                switch (op) {
                    case VectorLoops.ADD -> acc.add(x).intoArray(o, io + j);
                    case VectorLoops.MAX -> acc.max(x).intoArray(o, io + j);
                    default -> acc.min(x).intoArray(o, io + j);
                }
            }
            for (; j < cols; j++) {
                float x = a[row + j];
                float acc = o[io + j];
                o[io + j] = op == VectorLoops.ADD ? acc + x : op == VectorLoops.MAX ? Math.max(acc, x) : Math.min(acc, x);
            }
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int ix, float[] y, int iy, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, ix + i).mul(va).add(FloatVector.fromArray(S, y, iy + i)).intoArray(y, iy + i);
        }
        for (; i < n; i++) y[iy + i] += alpha * x[ix + i];
    }

    @Override
    public boolean compare(int op, float[] a, int ia, float[] b, int ib, int sb, byte[] o, int io, int n) {
        if (B == null) return false;
        int bound = S.loopBound(n);
        int i = 0;
        ByteVector zero = ByteVector.zero(B);
        FloatVector y = FloatVector.broadcast(S, b[ib]);
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ia + i);
            if (sb == 1) y = FloatVector.fromArray(S, b, ib + i);
            VectorMask<Float> m = switch (op) {
                case VectorLoops.EQ -> x.compare(VectorOperators.EQ, y);
                case VectorLoops.NE -> x.compare(VectorOperators.NE, y);
                case VectorLoops.LT -> x.compare(VectorOperators.LT, y);
                case VectorLoops.LE -> x.compare(VectorOperators.LE, y);
                case VectorLoops.GT -> x.compare(VectorOperators.GT, y);
                default -> x.compare(VectorOperators.GE, y);
            };
            zero.blend((byte) 1, m.cast(B)).intoArray(o, io + i);
        }
        for (; i < n; i++) {
            float x = a[ia + i];
            float z = b[ib + i * sb];
            boolean r = switch (op) {
                case VectorLoops.EQ -> x == z;
                case VectorLoops.NE -> x != z;
                case VectorLoops.LT -> x < z;
                case VectorLoops.LE -> x <= z;
                case VectorLoops.GT -> x > z;
                default -> x >= z;
            };
            o[io + i] = (byte) (r ? 1 : 0);
        }
        return true;
    }

    @Override
    public void fromBool(byte[] s, int is, float[] d, int id, int n) {
        int i = 0;
        if (B != null) {
            int bound = S.loopBound(n);
            FloatVector ones = FloatVector.broadcast(S, 1f);
            FloatVector zeros = FloatVector.zero(S);
            for (; i < bound; i += L) {
                VectorMask<Byte> m = ByteVector.fromArray(B, s, is + i).compare(VectorOperators.NE, (byte) 0);
                zeros.blend(ones, m.cast(S)).intoArray(d, id + i);
            }
        }
        // branch-free: a random mask would mispredict half the branches of "b != 0 ? 1 : 0"
        for (; i < n; i++) {
            int b = s[is + i];
            d[id + i] = (float) ((b | -b) >>> 31);
        }
    }

    @Override
    public void toBool(float[] s, int is, byte[] d, int id, int n) {
        int i = 0;
        if (B != null) {
            int bound = S.loopBound(n);
            ByteVector zero = ByteVector.zero(B);
            for (; i < bound; i += L) {
                VectorMask<Float> m = FloatVector.fromArray(S, s, is + i).compare(VectorOperators.NE, 0f);
                zero.blend((byte) 1, m.cast(B)).intoArray(d, id + i);
            }
        }
        for (; i < n; i++) d[id + i] = (byte) (s[is + i] != 0f ? 1 : 0);
    }

    @Override
    public void where(byte[] c, int ic, int sc, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0;
        if (B != null && sc == 1) {
            int bound = S.loopBound(n);
            FloatVector x = FloatVector.broadcast(S, a[ia]);
            FloatVector y = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) {
                VectorMask<Byte> m = ByteVector.fromArray(B, c, ic + i).compare(VectorOperators.NE, (byte) 0);
                if (sa == 1) x = FloatVector.fromArray(S, a, ia + i);
                if (sb == 1) y = FloatVector.fromArray(S, b, ib + i);
                y.blend(x, m.cast(S)).intoArray(o, io + i);
            }
        }
        for (; i < n; i++) o[io + i] = c[ic + i * sc] != 0 ? a[ia + i * sa] : b[ib + i * sb];
    }
}
