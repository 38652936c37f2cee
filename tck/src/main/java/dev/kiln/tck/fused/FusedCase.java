package dev.kiln.tck.fused;

import dev.kiln.DType;

import java.util.List;
import java.util.function.Supplier;

/**
 * One fused-vs-composed case: an op on fixed inputs, run once with the backend's fused kernels and once
 * without, on the current runtime.
 *
 * @param name   the case, e.g. {@code "softmax dim 1 [7, 13] float32"}
 * @param op     PyTorch's name of the op
 * @param kernel the fused-kernel interface it exercises
 * @param dtype  the dtype it computes in (picks the tolerance)
 * @param run    makes the inputs, runs the op forward and backward, returns every tensor to compare
 */
public record FusedCase(String name, String op, Class<?> kernel, DType dtype, Supplier<List<Named>> run) {

    /**
     * A result tensor as host values.
     *
     * @param label  what it is: {@code "output"}, {@code "grad of input"}
     * @param values its elements in row-major order
     */
    public record Named(String label, double[] values) {}
}
