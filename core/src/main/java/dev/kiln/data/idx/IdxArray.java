package dev.kiln.data.idx;

import java.util.Arrays;

/**
 * The contents of one IDX file: its element type, its dimensions and its data bytes exactly as stored
 * (big-endian for multi-byte types).
 *
 * @param type the element type
 * @param dims the dimensions, outermost first ({@code [60000, 28, 28]})
 * @param data {@code product(dims) * type.byteSize()} bytes
 */
public record IdxArray(IdxType type, int[] dims, byte[] data) {
    /** Checks that {@code data} holds exactly what {@code dims} describe. */
    public IdxArray {
        dims = dims.clone();
        long n = type.byteSize();
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("IdxArray: negative dim in " + Arrays.toString(dims));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("IdxArray: dims " + Arrays.toString(dims) + " of " + type
                    + " need " + n + " bytes, got " + data.length);
        }
    }

    /** The dimensions (a copy). */
    @Override
    public int[] dims() { return dims.clone(); }

    /** The size of dimension {@code i}. */
    public int dim(int i) { return dims[i]; }

    /** The number of dimensions. */
    public int rank() { return dims.length; }

    @Override
    public String toString() { return "IdxArray[" + type + " " + Arrays.toString(dims) + "]"; }
}
