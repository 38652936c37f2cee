package dev.kiln.tck.samples;

import java.util.SplittableRandom;

/**
 * Deterministic sample values from a seeded {@link SplittableRandom} (computed in Java, not by Kiln's
 * generator), each kind kept away from the points where an op is not differentiable.
 */
final class Draw {
    private final SplittableRandom random;

    Draw(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform in [-1, 1): for smooth ops. */
    SampleInput uniform(int... shape) {
        return SampleInput.of(shape, values(shape, -1, 1));
    }

    /** Uniform in [lo, hi). */
    SampleInput between(double lo, double hi, int... shape) {
        return SampleInput.of(shape, values(shape, lo, hi));
    }

    /** Positive, in [0.5, 2): for log, sqrt, reciprocal, division and pow bases. */
    SampleInput positive(int... shape) {
        return between(0.5, 2, shape);
    }

    /** Magnitude in [0.1, 1) with a random sign: away from 0, where abs, relu and sign have a kink. */
    SampleInput awayFromZero(int... shape) {
        double[] v = values(shape, 0.1, 1);
        for (int i = 0; i < v.length; i++) if (random.nextBoolean()) v[i] = -v[i];
        return SampleInput.of(shape, v);
    }

    /**
     * Pairwise distinct values in [-1, 1), at least {@code 1/n} apart, in random order: no ties for max,
     * amax, max_pool2d or maximum.
     */
    SampleInput distinct(int... shape) {
        int n = (int) SampleInput.numel(shape);
        int[] perm = permutation(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (perm[i] + 0.25 + 0.5 * random.nextDouble()) * 2.0 / n - 1;
        return SampleInput.of(shape, v);
    }

    /** Values of {@code x} moved by [0.1, 1) up or down: a second operand that never ties with {@code x}. */
    SampleInput apartFrom(SampleInput x) {
        double[] v = x.values();
        for (int i = 0; i < v.length; i++) {
            double d = 0.1 + 0.9 * random.nextDouble();
            v[i] += random.nextBoolean() ? d : -d;
        }
        return SampleInput.of(x.argumentShape(), v);
    }

    /** Uniform in [-1, 1), at least 0.05 from each of {@code points}: for clamp's bounds. */
    SampleInput avoiding(double[] points, int... shape) {
        double[] v = new double[(int) SampleInput.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            double x;
            do {
                x = -1 + 2 * random.nextDouble();
            } while (near(x, points));
            v[i] = x;
        }
        return SampleInput.of(shape, v);
    }

    private static boolean near(double x, double[] points) {
        for (double p : points) if (Math.abs(x - p) < 0.05) return true;
        return false;
    }

    /**
     * Values in {@code [-1 + 0.2k + offset, -1 + 0.2k + offset + 0.05)}: inputs drawn with offsets 0 and 0.1 are
     * at least 0.05 apart whatever broadcasting pairs them with, so maximum and minimum never tie.
     */
    SampleInput onGrid(double offset, int... shape) {
        double[] v = new double[(int) SampleInput.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = -1 + 0.2 * random.nextInt(10) + offset + 0.05 * random.nextDouble();
        return SampleInput.of(shape, v);
    }

    /** Int64 values uniform in [0, bound). */
    SampleInput indices(int bound, int... shape) {
        double[] v = new double[(int) SampleInput.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = random.nextInt(bound);
        return SampleInput.indices(shape, v);
    }

    /** Uniform doubles in [lo, hi) filling a shape. */
    double[] values(int[] shape, double lo, double hi) {
        double[] v = new double[(int) SampleInput.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * random.nextDouble();
        return v;
    }

    /** A random permutation of {@code 0..n-1}. */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
