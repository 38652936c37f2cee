package dev.kiln.tck.samples;

import dev.kiln.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Collects the samples of one op family, refusing a name given twice. */
final class SampleList {
    private final List<OpSample> samples = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** A sample of a one-input op. */
    SampleList unary(String op, String name, UnaryOperator<Tensor> call, SampleInput x) {
        return add(op, name, a -> call.apply(a.get(0)), true, x);
    }

    /** A sample of a two-input op. */
    SampleList binary(String op, String name, BinaryOperator<Tensor> call, SampleInput x, SampleInput y) {
        return add(op, name, a -> call.apply(a.get(0), a.get(1)), true, x, y);
    }

    /** A sample of an op over any number of inputs. */
    SampleList nary(String op, String name, Function<List<Tensor>, Tensor> call, SampleInput... inputs) {
        return add(op, name, call, true, inputs);
    }

    /** A sample whose double backward gradgradcheck does not check; the caller's comment says why. */
    SampleList firstOrderOnly(String op, String name, Function<List<Tensor>, Tensor> call, SampleInput... inputs) {
        return add(op, name, call, false, inputs);
    }

    private SampleList add(String op, String name, Function<List<Tensor>, Tensor> call, boolean twice, SampleInput... inputs) {
        if (!names.add(name)) throw new IllegalStateException("sample name '" + name + "' is used twice");
        samples.add(new OpSample(op, name, Arrays.asList(inputs), call, twice));
        return this;
    }

    List<OpSample> build() {
        return List.copyOf(samples);
    }

    /** A shape's dims joined by 'x' ({@code "3x4"}; {@code "scalar"} for 0-d), for sample names. */
    static String dims(int... shape) {
        if (shape.length == 0) return "scalar";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : "x").append(shape[i]);
        return b.toString();
    }

    /** The shapes elementwise ops and reductions run at: 0-d, and the awkward lengths 1, 3, 7, 13, 31, 257. */
    static final int[][] AWKWARD = {{}, {1}, {3}, {7}, {13}, {31}, {257}};
}
