package dev.kiln.plugins.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector math whose results do not depend on how the JIT compiled the caller, so a training run gives
 * the same bits every time.
 *
 * <p>Why: the Vector API's transcendental lanewise ops ({@code EXP}, {@code LOG}, ...) run a per-lane
 * {@code Math.exp} fallback until C2 compiles the loop and then an SVML stub, and the two differ in the
 * last bit for some inputs; {@code reduceLanes(ADD)} adds the lanes in one order in the fallback and in
 * a tree in the intrinsic. When C2 takes over depends on timing (background compilation on a loaded
 * machine), so two identical runs diverged in the early steps. Everything here uses only operations that
 * IEEE 754 defines exactly (add, mul, fma, div, compare, blend, integer bit operations), so the
 * interpreted, C1 and C2 forms agree bit for bit.
 *
 * <p>Public so the fused package uses the same functions.
 */
public final class VMath {
    private VMath() {}

    // float exp: Cody-Waite reduction by ln 2 and Cephes' expf polynomial (max error about 1 ulp)
    private static final float LOG2E_F = 1.44269504088896341f;
    private static final float LN2_HI_F = 0.693359375f;
    private static final float LN2_LO_F = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float in [-2^22, 2^22] to an integer held in the low mantissa bits. */
    private static final float ROUND_F = 12582912f;
    private static final int ROUND_F_BITS = 0x4B400000;

    /**
     * {@code e^x} lane by lane, within about 1 ulp of the correctly rounded float; overflows to
     * infinity above about 88.72, underflows through the subnormals to 0 below about -103.97; NaN stays NaN.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-104f).min(89f); // NaN passes through max/min
        FloatVector t = c.fma(LOG2E_F, ROUND_F);
        FloatVector n = t.sub(ROUND_F);
        FloatVector r = n.fma(x.broadcast(-LN2_HI_F), c);
        r = n.fma(x.broadcast(-LN2_LO_F), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, x.broadcast(8.3334519073e-3f));
        p = p.fma(r, x.broadcast(4.1665795894e-2f));
        p = p.fma(r, x.broadcast(1.6666665459e-1f));
        p = p.fma(r, x.broadcast(5.0000001201e-1f));
        p = p.mul(r.mul(r)).add(r).add(1f);
        // 2^n in two factors so that n in [-150, 129] scales through the subnormals and to infinity exactly
        IntVector k = (IntVector) t.reinterpretAsInts().sub(ROUND_F_BITS);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = k.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    // double exp: Cephes' exp (a Pade form, max error about 1 ulp)
    private static final double LOG2E_D = 1.4426950408889634073599;
    private static final double LN2_HI_D = 6.93145751953125E-1;
    private static final double LN2_LO_D = 1.42860682030941723212E-6;
    private static final double ROUND_D = 6755399441055744.0; // 1.5 * 2^52
    private static final long ROUND_D_BITS = 0x4338000000000000L;

    /** {@code e^x} lane by lane, within about 1 ulp; overflow, underflow and NaN as {@link #exp(FloatVector)}. */
    public static DoubleVector exp(DoubleVector x) {
        DoubleVector c = x.max(-746.0).min(710.0);
        DoubleVector t = c.fma(LOG2E_D, ROUND_D);
        DoubleVector n = t.sub(ROUND_D);
        DoubleVector r = n.fma(x.broadcast(-LN2_HI_D), c);
        r = n.fma(x.broadcast(-LN2_LO_D), r);
        DoubleVector rr = r.mul(r);
        DoubleVector px = rr.fma(1.26177193074810590878E-4, 3.02994407707441961300E-2);
        px = px.fma(rr, x.broadcast(9.99999999999999999910E-1)).mul(r);
        DoubleVector q = rr.fma(3.00198505138664455042E-6, 2.52448340349684104192E-3);
        q = q.fma(rr, x.broadcast(2.27265548208155028766E-1));
        q = q.fma(rr, x.broadcast(2.00000000000000000009E0));
        DoubleVector p = px.div(q.sub(px)).mul(2.0).add(1.0);
        LongVector k = (LongVector) t.reinterpretAsLongs().sub(ROUND_D_BITS);
        LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        LongVector k2 = k.sub(k1);
        DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = k2.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.mul(s1).mul(s2);
    }

    /**
     * {@code ln x} lane by lane (Cephes' logf: mantissa in [sqrt(1/2), sqrt(2)), a degree-9 polynomial;
     * max error about 1 ulp): subnormals are scaled first; 0 gives -infinity, a negative x or NaN gives NaN,
     * +infinity stays.
     */
    public static FloatVector log(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector v = x.blend(x.mul(33554432f), tiny); // 2^25
        IntVector bits = (IntVector) v.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
        e = e.blend(e.sub(25), tiny.cast(e.species()));
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // [0.5, 1)
        VectorMask<Float> low = m.compare(VectorOperators.LT, 0.707106781186547524f);
        e = e.blend(e.sub(1), low.cast(e.species()));
        FloatVector f = m.blend(m.add(m), low).sub(1f);
        FloatVector fe = (FloatVector) e.convert(VectorOperators.I2F, 0);
        FloatVector z = f.mul(f);
        FloatVector y = f.fma(7.0376836292e-2f, -1.1514610310e-1f);
        y = y.fma(f, x.broadcast(1.1676998740e-1f));
        y = y.fma(f, x.broadcast(-1.2420140846e-1f));
        y = y.fma(f, x.broadcast(1.4249322787e-1f));
        y = y.fma(f, x.broadcast(-1.6668057665e-1f));
        y = y.fma(f, x.broadcast(2.0000714765e-1f));
        y = y.fma(f, x.broadcast(-2.4999993993e-1f));
        y = y.fma(f, x.broadcast(3.3333331174e-1f));
        y = y.mul(f).mul(z);
        y = fe.fma(x.broadcast(-2.12194440e-4f), y);
        y = z.fma(x.broadcast(-0.5f), y);
        FloatVector r = f.add(y);
        r = fe.fma(x.broadcast(0.693359375f), r);
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        r = r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
        return r.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /**
     * {@code tanh x} lane by lane (Cephes' tanhf: a polynomial below |x| = 0.625, {@code 1 - 2 / (e^2|x| + 1)}
     * above; max error about 2 ulp); NaN stays NaN, signed zeros keep their sign.
     */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector big = x.broadcast(1f).sub(x.broadcast(2f).div(exp(a.add(a)).add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(-5.70498872745e-3f, 2.06390887954e-2f);
        p = p.fma(z, x.broadcast(-5.37397155531e-2f));
        p = p.fma(z, x.broadcast(1.33314422036e-1f));
        p = p.fma(z, x.broadcast(-3.33332819422e-1f));
        FloatVector small = p.mul(z).fma(x, x);
        // below 2^-12, tanh x rounds to x (this also keeps the sign of -0, which the polynomial loses)
        small = small.blend(x, a.compare(VectorOperators.LT, 0x1p-12f));
        return small.blend(big, a.compare(VectorOperators.GT, 0.625f));
    }

    /** The lanes added in lane order (not {@code reduceLanes}, whose order depends on the JIT). */
    public static float sum(FloatVector v) {
        float s = v.lane(0);
        for (int k = 1; k < v.length(); k++) s += v.lane(k);
        return s;
    }

    /** The lanes added in lane order (not {@code reduceLanes}, whose order depends on the JIT). */
    public static double sum(DoubleVector v) {
        double s = v.lane(0);
        for (int k = 1; k < v.length(); k++) s += v.lane(k);
        return s;
    }
}
