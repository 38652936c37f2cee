package dev.kiln.core.format;

import dev.kiln.Tensor;

import java.util.Arrays;

/** Interim printer (replaced by the PyTorch-exact formatter). */
public final class TensorFormatter {
    private TensorFormatter() {}

    public static String format(Tensor t) {
        return "tensor(" + Arrays.toString(t.toDoubleArray()) + ", shape=" + Arrays.toString(t.shape()) + ")";
    }
}
