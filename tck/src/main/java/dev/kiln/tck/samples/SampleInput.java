package dev.kiln.tck.samples;

import dev.kiln.DType;
import dev.kiln.Tensor;

import java.util.Arrays;

/**
 * One input of an {@link OpSample}: the values of a stored (contiguous, row-major) tensor, and how the op
 * sees it. A float input is made in the dtype the check asks for; an integral input (class targets,
 * gather indices) is int64 and never requires grad.
 *
 * @param shape        the stored tensor's shape
 * @param values       its elements in row-major order (whole numbers when {@code integral})
 * @param permute      null, or a permutation applied as a view ({@code leaf.permute(permute)}), so the op sees a
 *                     non-contiguous tensor
 * @param requiresGrad whether the stored tensor is a leaf that requires grad (the checks differentiate w.r.t. it)
 * @param integral     int64 instead of floating
 */
public record SampleInput(int[] shape, double[] values, int[] permute, boolean requiresGrad, boolean integral) {

    /** Checks that the values fill the shape, the permutation is one, and an integral input does not require grad. */
    public SampleInput {
        long n = numel(shape);
        if (values.length != n) {
            throw new IllegalArgumentException("SampleInput: " + values.length + " values for shape " + Arrays.toString(shape)
                    + " (" + n + " elements)");
        }
        if (permute != null && !isPermutation(permute, shape.length)) {
            throw new IllegalArgumentException("SampleInput: permute " + Arrays.toString(permute) + " is not a permutation of "
                    + shape.length + " dims");
        }
        if (integral && requiresGrad) {
            throw new IllegalArgumentException("SampleInput: an integral (int64) input cannot require grad");
        }
        shape = shape.clone();
        values = values.clone();
        permute = permute == null ? null : permute.clone();
    }

    /** A float input of this shape and these values that requires grad, seen as stored. */
    public static SampleInput of(int[] shape, double... values) {
        return new SampleInput(shape, values, null, true, false);
    }

    /** An int64 input (indices, class targets); never requires grad. */
    public static SampleInput indices(int[] shape, double... values) {
        return new SampleInput(shape, values, null, false, true);
    }

    /** This input without requires_grad (a constant the op reads, e.g. a condition or a loss target). */
    public SampleInput constant() {
        return new SampleInput(shape, values, permute, false, integral);
    }

    /**
     * The same logical input ({@link #argumentShape()} unchanged) stored in another layout, so the op sees
     * {@code leaf.permute(perm)}: a non-contiguous view. Only for an input seen as stored.
     */
    public SampleInput viewedThrough(int... perm) {
        if (permute != null) throw new IllegalStateException("SampleInput: already viewed through " + Arrays.toString(permute));
        if (!isPermutation(perm, shape.length)) {
            throw new IllegalArgumentException("SampleInput: " + Arrays.toString(perm) + " is not a permutation of "
                    + shape.length + " dims");
        }
        int[] stored = new int[shape.length];
        for (int i = 0; i < perm.length; i++) stored[perm[i]] = shape[i];
        return new SampleInput(stored, values, perm, requiresGrad, integral);
    }

    /** A copy of this input with other values (same shape and view), as finite differences need. */
    public SampleInput withValues(double[] newValues) {
        return new SampleInput(shape, newValues, permute, requiresGrad, integral);
    }

    /** The shape the op sees. */
    public int[] argumentShape() {
        if (permute == null) return shape.clone();
        int[] s = new int[shape.length];
        for (int i = 0; i < permute.length; i++) s[i] = shape[permute[i]];
        return s;
    }

    /**
     * The stored tensor on the current runtime: {@code floatType}, or int64 when integral; requires grad when
     * {@link #requiresGrad()}.
     */
    public Tensor leaf(DType floatType) {
        if (integral) {
            long[] l = new long[values.length];
            for (int i = 0; i < l.length; i++) l[i] = (long) values[i];
            return Tensor.wrap(l, shape.clone());
        }
        Tensor t = Tensor.wrap(values.clone(), shape.clone());
        if (floatType != DType.FLOAT64) t = t.to(floatType);
        return requiresGrad ? t.requiresGrad(true) : t;
    }

    /** The tensor the op sees: {@code leaf} viewed through {@link #permute()}, else {@code leaf} itself. */
    public Tensor argument(Tensor leaf) {
        return permute == null ? leaf : leaf.permute(permute);
    }

    /** The stored shape (a copy). */
    @Override
    public int[] shape() { return shape.clone(); }

    /** The stored values in row-major order (a copy). */
    @Override
    public double[] values() { return values.clone(); }

    /** The view's permutation, or null (a copy). */
    @Override
    public int[] permute() { return permute == null ? null : permute.clone(); }

    /** Number of elements of a shape. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    private static boolean isPermutation(int[] perm, int rank) {
        if (perm.length != rank) return false;
        boolean[] seen = new boolean[rank];
        for (int p : perm) {
            if (p < 0 || p >= rank || seen[p]) return false;
            seen[p] = true;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleInput s && Arrays.equals(shape, s.shape) && Arrays.equals(values, s.values)
                && Arrays.equals(permute, s.permute) && requiresGrad == s.requiresGrad && integral == s.integral;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(values)) + Arrays.hashCode(permute)
                + (requiresGrad ? 1 : 0) + (integral ? 2 : 0);
    }

    @Override
    public String toString() {
        return (integral ? "int64" : "float") + Arrays.toString(argumentShape())
                + (permute == null ? "" : " (stored " + Arrays.toString(shape) + ", permuted " + Arrays.toString(permute) + ")")
                + (requiresGrad ? " requires_grad" : "");
    }
}
