package dev.kiln.core.format;

import dev.kiln.DType;
import dev.kiln.Tensor;

/**
 * The elements of a tensor that its printed form shows, row-major, read through the public
 * {@link Tensor} API. When the tensor is summarised (more than {@value #THRESHOLD} elements) only
 * the first and last {@value #EDGE_ITEMS} indices of each dim longer than {@code 2 * EDGE_ITEMS}
 * are kept, as PyTorch's {@code get_summarized_data}; they are read as narrowed views, so a huge
 * tensor is never copied whole.
 *
 * <p>Exactly one of {@link #floats()}, {@link #longs()} and {@link #bools()} is non-null.
 *
 * @param shape      the shape of the kept elements (a dim that was summarised has {@code 2 * EDGE_ITEMS})
 * @param summarized per dim, whether an ellipsis goes between its two halves
 * @param floats     values of a floating tensor
 * @param longs      values of an integer tensor
 * @param bools      values of a bool tensor
 */
record PrintData(int[] shape, boolean[] summarized, double[] floats, long[] longs, boolean[] bools) {

    /** Elements above which the printout is summarised (PyTorch's {@code threshold}). */
    static final int THRESHOLD = 1000;
    /** Items kept at each end of a summarised dim (PyTorch's {@code edgeitems}). */
    static final int EDGE_ITEMS = 3;

    /** Number of kept elements. */
    int size() {
        if (floats != null) return floats.length;
        if (longs != null) return longs.length;
        return bools.length;
    }

    /** Reads the printed elements of a non-empty tensor. */
    static PrintData of(Tensor t) {
        int[] shape = t.shape();
        boolean summarize = t.numel() > THRESHOLD;
        boolean[] cut = new boolean[shape.length];
        int[] kept = shape.clone();
        int cutDims = 0;
        if (summarize) {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] > 2 * EDGE_ITEMS) {
                    cut[d] = true;
                    kept[d] = 2 * EDGE_ITEMS;
                    cutDims++;
                }
            }
        }
        if (cutDims == 0) return whole(t, kept, cut);
        if (cutDims > 20) {
            throw new IllegalArgumentException("toString: cannot summarise a tensor with " + cutDims
                    + " dims longer than " + 2 * EDGE_ITEMS + " (shape " + java.util.Arrays.toString(shape) + ")");
        }
        int total = 1;
        for (int k : kept) total = Math.multiplyExact(total, k);
        Kind kind = Kind.of(t.dtype());
        Object out = kind.allocate(total);
        int[] cutIndex = new int[cutDims];
        for (int d = 0, c = 0; d < shape.length; d++) if (cut[d]) cutIndex[c++] = d;
        // every combination of head (first EDGE_ITEMS) and tail (last EDGE_ITEMS) over the cut dims
        for (int combo = 0; combo < (1 << cutDims); combo++) {
            Tensor block = t;
            int[] origin = new int[shape.length];
            for (int c = 0; c < cutDims; c++) {
                int d = cutIndex[c];
                boolean tail = (combo & (1 << c)) != 0;
                block = block.narrow(d, tail ? shape[d] - EDGE_ITEMS : 0, EDGE_ITEMS);
                origin[d] = tail ? EDGE_ITEMS : 0;
            }
            scatter(kind.read(block), block.shape(), origin, out, kept);
        }
        return kind.wrap(kept, cut, out);
    }

    private static PrintData whole(Tensor t, int[] shape, boolean[] cut) {
        Kind kind = Kind.of(t.dtype());
        return kind.wrap(shape, cut, kind.read(t));
    }

    /** Copies a row-major block of shape {@code blockShape} into {@code dst} (shape {@code dstShape}) at {@code origin}. */
    private static void scatter(Object src, int[] blockShape, int[] origin, Object dst, int[] dstShape) {
        int n = blockShape.length;
        int count = java.lang.reflect.Array.getLength(src);
        int[] idx = new int[n];
        for (int i = 0; i < count; i++) {
            int flat = 0;
            for (int d = 0; d < n; d++) flat = flat * dstShape[d] + origin[d] + idx[d];
            System.arraycopy(src, i, dst, flat, 1);
            for (int d = n - 1; d >= 0; d--) {
                if (++idx[d] < blockShape[d]) break;
                idx[d] = 0;
            }
        }
    }

    /** How elements of a dtype are read and printed. */
    private enum Kind {
        FLOAT, INTEGER, BOOL;

        static Kind of(DType dtype) {
            return switch (dtype.kind()) {
                case FLOAT -> FLOAT;
                case INTEGER -> INTEGER;
                case BOOL -> BOOL;
            };
        }

        Object allocate(int n) {
            return switch (this) {
                case FLOAT -> new double[n];
                case INTEGER -> new long[n];
                case BOOL -> new boolean[n];
            };
        }

        Object read(Tensor t) {
            return switch (this) {
                case FLOAT -> t.toDoubleArray();
                case INTEGER -> t.toLongArray();
                case BOOL -> t.toBooleanArray();
            };
        }

        PrintData wrap(int[] shape, boolean[] cut, Object values) {
            return switch (this) {
                case FLOAT -> new PrintData(shape, cut, (double[]) values, null, null);
                case INTEGER -> new PrintData(shape, cut, null, (long[]) values, null);
                case BOOL -> new PrintData(shape, cut, null, null, (boolean[]) values);
            };
        }
    }
}
