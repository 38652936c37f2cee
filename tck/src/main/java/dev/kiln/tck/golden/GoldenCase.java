package dev.kiln.tck.golden;

import dev.kiln.DType;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One golden case (schema {@code golden/1}): an operator, its inputs, and PyTorch's float64
 * truth for the output and the input gradients. See {@code GOLDEN.md} in the TCK's shared folder.
 *
 * @param source     where it was loaded from (a path or class-path resource), for messages
 * @param name       unique case name
 * @param op         the operator, by its PyTorch name ({@code "add"}, {@code "conv2d"} ...)
 * @param inputs     the tensor arguments, positional, in PyTorch's order
 * @param kwargs     the non-tensor arguments by PyTorch's keyword names
 * @param output     truth for the op's result
 * @param gradOutput the upstream gradient for {@code output.backward(gradOutput)}, or null
 * @param grads      truth for {@code .grad} of every input with {@code requires_grad}, by input name
 * @param tolerance  the comparison tolerance
 */
public record GoldenCase(String source, String name, String op, List<Input> inputs, Kwargs kwargs,
                         TensorData output, TensorData gradOutput, Map<String, TensorData> grads,
                         Tolerance tolerance) {

    public GoldenCase {
        inputs = List.copyOf(inputs);
        grads = Map.copyOf(grads);
    }

    @Override
    public String toString() { return name + " (" + op + ")"; }

    /**
     * A stored tensor: dtype, shape and row-major values (exact as double; cast to the dtype).
     *
     * @param dtype the dtype
     * @param shape the shape ({@code []} for a 0-d tensor)
     * @param data  row-major values
     */
    public record TensorData(DType dtype, int[] shape, double[] data) {
        @Override
        public String toString() { return dtype.torchName() + Arrays.toString(shape); }
    }

    /**
     * A tensor argument.
     *
     * @param name         its name (PyTorch's parameter name, or t0, t1 ... for sequences)
     * @param stored       the stored (leaf) tensor
     * @param requiresGrad whether the leaf requires a gradient
     * @param view         the view applied to the stored tensor before the op, or null
     */
    public record Input(String name, TensorData stored, boolean requiresGrad, View view) {}

    /**
     * A view taken of an input before the op, so the op sees a non-contiguous tensor.
     *
     * @param kind what view
     * @param dims its dims: two for a transpose, a permutation for a permute
     */
    public record View(Kind kind, int[] dims) {
        /** The view kinds of schema golden/1. */
        public enum Kind { TRANSPOSE, PERMUTE }

        @Override
        public String toString() { return kind.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(dims); }
    }

    /**
     * {@code torch.allclose} tolerance: a value passes when {@code |actual - truth| <= atol + rtol * |truth|}.
     *
     * @param rtol relative tolerance
     * @param atol absolute tolerance
     */
    public record Tolerance(double rtol, double atol) {}
}
