package dev.kiln.tck.fused;

import dev.kiln.DType;
import dev.kiln.Tensor;

import java.util.SplittableRandom;

/** Deterministic inputs for the fused-vs-composed cases: the same values on every run and backend. */
final class FusedInputs {
    private FusedInputs() {}

    /** Values in {@code [lo, hi)} drawn from {@code seed}, as {@code dtype}. */
    static Tensor uniform(long seed, DType dtype, double lo, double hi, int... shape) {
        return make(seed, dtype, lo, hi, false, shape);
    }

    /** Values in [-3, 3) rounded to quarters: many equal values (ties for max_pool2d). */
    static Tensor ties(long seed, DType dtype, int... shape) {
        return make(seed, dtype, -3, 3, true, shape);
    }

    private static Tensor make(long seed, DType dtype, double lo, double hi, boolean quarters, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(lo, hi);
            if (quarters) v[i] = Math.round(v[i] * 4) / 4.0;
        }
        Tensor t = Tensor.wrap(v, shape);
        return dtype == DType.FLOAT64 ? t : t.to(dtype);
    }

    /** A leaf that requires grad. */
    static Tensor leaf(Tensor t) {
        return t.detach().requiresGrad(true);
    }

    /** Class indices in {@code [0, classes)} as int64. */
    static Tensor targets(long seed, int n, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = r.nextInt(classes);
        return Tensor.of(t);
    }
}
