package dev.kiln.core.tensor;

import java.util.Arrays;

/** Shape and stride arithmetic shared by the ops: broadcasting, contiguous strides, dim wrapping, view strides. */
public final class Shapes {
    private Shapes() {}

    /** {@code [2, 3]} as PyTorch prints a size in messages. */
    public static String str(int[] shape) { return Arrays.toString(shape); }

    /** Product of the sizes. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    private static final long[] SCALAR_STRIDES = {};
    private static final long[] VECTOR_STRIDES = {1};

    /**
     * Row-major strides for a shape. Rank 0 and 1 share one array each: stride arrays, like shape arrays, are
     * never modified once a tensor holds them ({@code stride()} hands out copies).
     */
    public static long[] contiguousStrides(int[] shape) {
        if (shape.length == 0) return SCALAR_STRIDES;
        if (shape.length == 1) return VECTOR_STRIDES;
        long[] st = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return st;
    }

    /** Wraps a possibly negative dim into {@code [0, rank)}; {@code rank} 0 accepts -1 and 0, as PyTorch. */
    public static int wrapDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dimension out of range (expected to be in range of ["
                    + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Wraps, sorts and checks a dim list for duplicates; an empty list means every dim. */
    public static int[] wrapDims(String op, int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        int[] w = new int[dims.length];
        for (int i = 0; i < dims.length; i++) w[i] = wrapDim(op, dims[i], rank);
        Arrays.sort(w);
        for (int i = 1; i < w.length; i++) {
            if (w[i] == w[i - 1]) {
                throw new IllegalArgumentException(op + ": dim " + w[i] + " appears multiple times in the list of dims "
                        + Arrays.toString(dims));
            }
        }
        if (rank == 0) return new int[0];
        return w;
    }

    /**
     * The broadcast shape of two shapes, with PyTorch's message when they do not broadcast. Equal shapes
     * give {@code a} itself (shape arrays are never modified once made).
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        if (a == b || Arrays.equals(a, b)) return a;
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length);
            int db = i - (rank - b.length);
            int sa = da >= 0 ? a[da] : 1;
            int sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException(op + ": the size of tensor a (" + sa + ") must match the size of tensor b ("
                        + sb + ") at non-singleton dimension " + i + "; shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast");
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** Strides that make a tensor of {@code shape}/{@code strides} look like {@code target} (stride 0 on broadcast dims). */
    public static long[] broadcastStrides(int[] shape, long[] strides, int[] target) {
        long[] out = new long[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int d = i - shift;
            out[i] = d < 0 || (shape[d] == 1 && target[i] != 1) ? 0 : strides[d];
        }
        return out;
    }

    /** Resolves one -1 in a requested shape against an element count. */
    public static int[] inferSize(String op, int[] requested, long numel, int[] from) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be inferred, got " + str(requested));
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid shape dimension " + shape[i] + " in " + str(requested));
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of size " + numel
                        + " (shape " + str(from) + ")");
            }
            shape[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + str(requested) + " is invalid for input of size " + numel
                    + " (shape " + str(from) + ")");
        }
        return shape;
    }

    /**
     * Strides that view {@code oldShape}/{@code oldStrides} as {@code newShape} without copying, or null when the
     * layout does not allow it (PyTorch's computeStride).
     */
    public static long[] viewStrides(int[] oldShape, long[] oldStrides, int[] newShape) {
        long[] newStrides = new long[newShape.length];
        if (oldShape.length == 0) {
            Arrays.fill(newStrides, 1);
            return newStrides;
        }
        long numel = numel(oldShape);
        if (numel == 0) {
            return Arrays.equals(oldShape, newShape) ? oldStrides.clone() : contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldShape[tensorD];
            if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBaseStride;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0) {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    /** Checks that sizes are non-negative. */
    public static int[] checkShape(String op, int[] shape) {
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative dimension " + s + " in shape " + str(shape));
        }
        if (numel(shape) > Integer.MAX_VALUE * 8L) {
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " has too many elements");
        }
        return shape.clone();
    }
}
