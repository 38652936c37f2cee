package dev.kiln.spi;

import dev.kiln.DType;

import java.util.Arrays;

/**
 * A strided view over a {@link Storage}: the element at multi-index {@code i} sits at
 * {@code offset + sum(i[d] * strides[d])} (in elements). Broadcasting is expressed with stride 0.
 * Kernels receive views that core has already validated: matching shapes, in-bounds offsets.
 *
 * @param storage the backing storage, allocated by the backend the view is handed to
 * @param dtype   the element type (always the storage's dtype)
 * @param offset  element offset of index (0, ..., 0)
 * @param shape   size per dimension; an empty array is a scalar (0-d) view
 * @param strides element stride per dimension, same length as {@code shape}
 */
public record View(Storage storage, DType dtype, long offset, int[] shape, long[] strides) {

    public View {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("View: shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " differ in rank");
        }
    }

    /** Number of dimensions. */
    public int rank() { return shape.length; }

    /** Number of elements addressed by the view. */
    public long numel() {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** True when the view addresses {@code numel()} consecutive elements in row-major order. */
    public boolean isContiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    @Override
    public String toString() {
        return "View[" + dtype.torchName() + ", offset=" + offset + ", shape=" + Arrays.toString(shape)
                + ", strides=" + Arrays.toString(strides) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof View v && v.storage == storage && v.dtype == dtype && v.offset == offset
                && Arrays.equals(v.shape, shape) && Arrays.equals(v.strides, strides);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(storage) * 31 + Long.hashCode(offset) * 17 + Arrays.hashCode(shape);
    }
}
