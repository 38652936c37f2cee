package dev.kiln.core.format;

/**
 * Python's {@code str(tuple(dims))} for a shape: {@code (0, 3)}, {@code (5,)} (a one-element
 * tuple keeps its trailing comma), {@code ()}. Used wherever Kiln prints a shape as PyTorch or
 * NumPy would (tensor printing, {@code .npy} headers and messages).
 */
public final class PyTuple {
    private PyTuple() {}

    /** Python's repr of {@code dims} as a tuple. */
    public static String of(int[] dims) {
        return of(java.util.Arrays.stream(dims).asLongStream().toArray());
    }

    /** Python's repr of {@code dims} as a tuple. */
    public static String of(long[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        if (dims.length == 1) sb.append(',');
        return sb.append(')').toString();
    }
}
