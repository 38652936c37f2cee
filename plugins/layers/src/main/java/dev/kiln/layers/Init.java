package dev.kiln.layers;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradScope;

import java.math.BigDecimal;

/**
 * PyTorch's default initialisation of {@code Linear} and {@code Conv2d}, drawn from Kiln's seeded
 * generator ({@link Kiln#manualSeed}) so the same seed gives the same weights on every backend.
 */
final class Init {
    private Init() {}

    /**
     * {@code U(-bound, bound)} with {@code bound = 1/sqrt(fanIn)}: what {@code kaiming_uniform_(w, a=sqrt(5))}
     * gives (gain {@code sqrt(2/(1+5))}, bound {@code gain*sqrt(3/fanIn)}) and what PyTorch's bias init uses.
     */
    static Tensor uniformFanIn(int fanIn, int... shape) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
        try (GradScope off = Kiln.noGrad()) {
            // rand is U[0, 1): scale to U[-bound, bound)
            return Tensor.rand(shape).mul_(2 * bound).sub_(bound);
        }
    }

    /** Checks a size argument: positive. */
    static int positive(String layer, String arg, int value) {
        if (value <= 0) throw new IllegalArgumentException(layer + ": " + arg + " must be a positive int, got " + value);
        return value;
    }

    /** Checks a size argument: zero or more. */
    static int nonNegative(String layer, String arg, int value) {
        if (value < 0) throw new IllegalArgumentException(layer + ": " + arg + " must be >= 0, got " + value);
        return value;
    }

    /** Python's {@code repr} of a bool. */
    static String py(boolean b) { return b ? "True" : "False"; }

    /** Python's {@code repr} of a 2-tuple of ints: {@code (5, 5)}. */
    static String tuple(int[] pair) { return "(" + pair[0] + ", " + pair[1] + ")"; }

    /** Python's {@code repr} of a float ({@code 0.5}, {@code 1e-05}, {@code 2.0}): shortest round-trip digits. */
    static String py(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        // Java's Double.toString gives the shortest digits that round-trip, as Python's repr does; only the layout differs
        BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int exp = digits.length() - 1 - b.scale();      // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = b.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
