package dev.kiln.core.autograd;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Inputs for the linear-algebra and nn derivative tests, built from formulas that give exactly
 * representable values, so the PyTorch truth pasted into the tests was computed on the very same numbers
 * (the generating script mirrors {@link #seq} and {@link #distinct}).
 */
final class NnGradFixtures {
    private NnGradFixtures() {}

    /** Float64 values {@code ((i * 7 + seed) % 13 - 6) / 8} in row-major order, requiring grad. */
    static Tensor seq(int seed, int... shape) {
        return fill(shape, i -> ((i * 7L + seed) % 13 - 6) / 8.0).requiresGrad(true);
    }

    /** {@link #seq} without requiring grad (gradients handed to backward). */
    static Tensor constant(int seed, int... shape) {
        return fill(shape, i -> ((i * 7L + seed) % 13 - 6) / 8.0);
    }

    /** Float64 values {@code ((i * 37 + seed) % 101 - 50) / 16}: distinct for up to 101 elements (no ties in max). */
    static Tensor distinct(int seed, int... shape) {
        return fill(shape, i -> ((i * 37L + seed) % 101 - 50) / 16.0).requiresGrad(true);
    }

    static Tensor fill(int[] shape, java.util.function.LongToDoubleFunction f) {
        long n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(i);
        return Tensor.wrap(v, shape);
    }

    static void assertValues(double[] expected, Tensor actual) {
        assertNotNull(actual, "gradient is missing");
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-12, actual.toString());
    }

    /** Asserts the node's name and the names of its next functions ({@code null} for an empty edge). */
    static void assertNode(GradFn fn, String name, String... next) {
        assertNotNull(fn, "no grad_fn, expected " + name);
        assertEquals(name, fn.name());
        assertEquals(next.length, fn.nextFunctions().size(), "next functions of " + name);
        for (int i = 0; i < next.length; i++) {
            GradFn n = fn.next(i);
            if (next[i] == null) assertNull(n, name + ".next(" + i + ")");
            else assertEquals(next[i], n == null ? null : n.name(), name + ".next(" + i + ")");
        }
    }

    /** {@code torch.autograd.grad(outputs, inputs, gradOutputs, create_graph=True)}. */
    static List<Tensor> gradWithGraph(Tensor output, Tensor gradOutput, Tensor... inputs) {
        return Kiln.grad(List.of(output), List.of(inputs), java.util.Arrays.asList(gradOutput), true, true, false);
    }

    /** {@code torch.autograd.grad(output, input, gradOutput)}. */
    static Tensor grad(Tensor output, Tensor gradOutput, Tensor input) {
        return Kiln.grad(List.of(output), List.of(input), java.util.Arrays.asList(gradOutput), false, false, false).get(0);
    }
}
