package dev.kiln.tck.gradcheck;

import java.util.Arrays;
import java.util.Locale;

/**
 * Analytic against numeric derivatives with {@code torch.allclose} semantics, accumulated over the
 * inputs of one check: an element passes when {@code |analytic - numeric| <= atol + rtol * |numeric|}; NaN
 * never passes. Remembers the element furthest outside its tolerance.
 */
final class Comparison {
    private final double rtol;
    private final double atol;
    private int compared;
    private int outside;
    private double maxAbs;
    private double maxRel;
    private double worstRatio = -1;
    private String worst;

    Comparison(double rtol, double atol) {
        this.rtol = rtol;
        this.atol = atol;
    }

    /**
     * Compares the derivatives with respect to one tensor.
     *
     * @param what  names the tensor, for the message ({@code "input 1"}, {@code "grad_output"})
     * @param shape its shape, to name the worst element's index
     */
    void add(String what, int[] shape, double[] analytic, double[] numeric) {
        for (int i = 0; i < numeric.length; i++) {
            compared++;
            double a = analytic[i];
            double n = numeric[i];
            if (a == n) continue;
            double diff = Math.abs(a - n);
            double d = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
            double allowed = atol + rtol * Math.abs(n);
            maxAbs = Math.max(maxAbs, d);
            maxRel = Math.max(maxRel, n == 0 ? Double.POSITIVE_INFINITY : d / Math.abs(n));
            if (diff <= allowed) continue;
            outside++;
            double ratio = d / allowed;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = what + " " + Arrays.toString(shape) + " at " + Arrays.toString(unflatten(i, shape)) + ": analytic "
                        + a + ", numeric " + n;
            }
        }
    }

    boolean passed() {
        return outside == 0;
    }

    double maxAbs() {
        return compared == 0 ? Double.NaN : maxAbs;
    }

    double maxRel() {
        return compared == 0 ? Double.NaN : maxRel;
    }

    /** One line: how many elements were outside the tolerance, the errors, and the worst element. */
    String summary(String what) {
        String errors = "max abs err " + fmt(maxAbs()) + ", max rel err " + fmt(maxRel());
        if (outside == 0) return what + ": " + compared + " elements within rtol=" + rtol + " atol=" + atol + "; " + errors;
        return what + ": " + outside + " of " + compared + " elements outside rtol=" + rtol + " atol=" + atol + "; " + errors
                + "; worst: " + worst;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) return idx;
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
