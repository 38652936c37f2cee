package dev.kiln.plugins.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link VMath}'s functions over their whole ranges against {@link Math} rounded once: within 2 ulp for
 * float exp, log and tanh, 2 ulp for double exp (subnormal results within 1 ulp of the subnormal spacing), and
 * the special values exactly (NaN, infinities, signed zeros, overflow and underflow edges).
 */
class VMathTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;

    @Test
    void floatExpLogTanhOverTheirRanges() {
        Random rnd = new Random(31);
        float[] xs = new float[1 << 16];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (rnd.nextDouble() * 200 - 105); // exp: through under/overflow
        checkF("exp", xs, VMath::exp, Math::exp);
        for (int i = 0; i < xs.length; i++) {
            // log: every binade from the subnormals to the largest float
            xs[i] = Float.intBitsToFloat(rnd.nextInt(0x7f800000));
        }
        checkF("log", xs, VMath::log, Math::log);
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (rnd.nextGaussian() * (i % 2 == 0 ? 0.5 : 6));
        checkF("tanh", xs, VMath::tanh, Math::tanh);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -1f, 1f, 88.72f, 88.73f, -103.9f, -104.5f, 0.625f, -0.625f};
        checkF("exp specials", special, VMath::exp, Math::exp);
        checkF("log specials", special, VMath::log, Math::log);
        checkF("tanh specials", special, VMath::tanh, Math::tanh);
    }

    @Test
    void doubleExpOverItsRange() {
        Random rnd = new Random(32);
        double[] xs = new double[1 << 16];
        for (int i = 0; i < xs.length; i++) xs[i] = rnd.nextDouble() * 1460 - 748;
        checkD(xs);
        checkD(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -0.0, 709.78, 709.79,
            -745.1, -745.2, -708.4, 1});
    }

    @Test
    void lanesAddInLaneOrder() {
        float[] v = new float[F.length()];
        for (int i = 0; i < v.length; i++) v[i] = i == 0 ? 1e8f : 1f; // 1e8 + 1 + ... rounds at every step
        float expected = v[0];
        for (int i = 1; i < v.length; i++) expected += v[i];
        assertEquals(expected, VMath.sum(FloatVector.fromArray(F, v, 0)));
    }

    private static void checkF(String what, float[] xs, UnaryOperator<FloatVector> f, DoubleUnaryOperator ref) {
        float[] out = new float[F.length()];
        for (int i = 0; i + F.length() <= xs.length; i += F.length()) {
            f.apply(FloatVector.fromArray(F, xs, i)).intoArray(out, 0);
            for (int k = 0; k < out.length; k++) {
                float x = xs[i + k];
                float e = (float) ref.applyAsDouble(x);
                float a = out[k];
                if (Float.isNaN(e) || Float.isNaN(a) || Float.isInfinite(e) || e == 0 || a == 0) {
                    boolean ok = Float.isNaN(e) ? Float.isNaN(a) : e == 0 ? Math.abs(a) <= Float.MIN_VALUE * 2 : a == e;
                    if (ok && e == 0 && a == 0 && Float.floatToRawIntBits(a) != Float.floatToRawIntBits(e)) ok = false;
                    if (!ok) fail(what + "(" + x + ") = " + a + ", expected " + e);
                    continue;
                }
                float ulps = Math.abs(a - e) / Math.ulp(e);
                if (ulps > 2) fail(what + "(" + x + ") = " + a + ", expected " + e + " (" + ulps + " ulp)");
            }
        }
    }

    private static void checkD(double[] xs) {
        double[] out = new double[D.length()];
        for (int i = 0; i + D.length() <= xs.length; i += D.length()) {
            VMath.exp(DoubleVector.fromArray(D, xs, i)).intoArray(out, 0);
            for (int k = 0; k < out.length; k++) {
                double x = xs[i + k];
                double e = Math.exp(x);
                double a = out[k];
                if (Double.isNaN(e) || Double.isInfinite(e) || e == 0) {
                    boolean ok = Double.isNaN(e) ? Double.isNaN(a) : e == 0 ? Math.abs(a) <= Double.MIN_VALUE * 2 : a == e;
                    if (!ok) fail("exp(" + x + ") = " + a + ", expected " + e);
                    continue;
                }
                double ulps = Math.abs(a - e) / Math.ulp(e);
                if (ulps > 2) fail("exp(" + x + ") = " + a + ", expected " + e + " (" + ulps + " ulp)");
            }
        }
    }
}
