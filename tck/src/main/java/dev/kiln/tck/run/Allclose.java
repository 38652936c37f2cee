package dev.kiln.tck.run;

import java.util.Arrays;

/**
 * {@code torch.allclose} with a report: an element passes when it equals the truth (which covers
 * matching infinities) or {@code |actual - truth| <= atol + rtol * |truth|}; NaN never passes.
 */
public final class Allclose {
    private Allclose() {}

    /**
     * The comparison of two equally long arrays.
     *
     * @param outside     elements outside the tolerance
     * @param maxAbs      largest absolute error
     * @param maxRel      largest relative error ({@code |a-t|/|t|}; infinite where t is 0 and a is not)
     * @param worst       flat index of the element furthest outside (largest error / allowed), or -1 when none is
     * @param worstRatio  error / allowed error at {@code worst} (above 1 when outside), or 0 when none is outside
     */
    public record Report(int outside, double maxAbs, double maxRel, int worst, double worstRatio) {}

    /** Compares {@code actual} with {@code truth} element by element (equal lengths). */
    public static Report compare(double[] actual, double[] truth, double rtol, double atol) {
        int outside = 0;
        double maxAbs = 0;
        double maxRel = 0;
        int worst = -1;
        double worstRatio = -1;
        for (int i = 0; i < truth.length; i++) {
            double a = actual[i];
            double t = truth[i];
            if (a == t) continue;
            double diff = Math.abs(a - t);
            double allowed = atol + rtol * Math.abs(t);
            boolean ok = diff <= allowed; // false for NaN
            double d = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
            maxAbs = Math.max(maxAbs, d);
            maxRel = Math.max(maxRel, t == 0 ? Double.POSITIVE_INFINITY : d / Math.abs(t));
            if (!ok) {
                outside++;
                double ratio = allowed == 0 ? Double.POSITIVE_INFINITY : d / allowed;
                if (ratio > worstRatio || worst < 0) {
                    worstRatio = ratio;
                    worst = i;
                }
            }
        }
        return new Report(outside, maxAbs, maxRel, worst, worst < 0 ? 0 : worstRatio);
    }

    /** The multi-dimensional index of a flat row-major index. */
    public static int[] unflatten(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) return idx;
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** {@code [i, j, ...]}. */
    public static String indexText(int[] idx) {
        return Arrays.toString(idx);
    }
}
