package dev.kiln.tck.gradcheck;

import dev.kiln.tck.golden.GoldenOps;
import dev.kiln.tck.samples.OpSample;
import dev.kiln.tck.samples.OpSamples;
import dev.kiln.tck.samples.SampleInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The op table covers every differentiable op, with the kinds of inputs the TCK promises. */
class OpSamplesCoverageTest {

    /** Differentiable ops of the api beyond the golden suite's, by the table's op names. */
    private static final List<String> MORE_OPS = List.of("maximum", "minimum", "sign", "sin", "cos", "reciprocal",
            "clamp", "clamp_min", "clamp_max", "where", "prod", "amin", "max", "min", "mm", "bmm", "dot", "view", "t",
            "expand", "expand_as", "narrow", "slice", "select", "index", "contiguous", "clone", "gather", "scatter_add",
            "to", "add_", "sub_", "mul_", "div_", "pow_", "neg_", "abs_", "exp_", "log_", "sqrt_", "tanh_", "sigmoid_",
            "relu_", "clamp_", "fill_", "zero_", "copy_", "scatter_", "scatter_add_");

    @Test
    void everyOpHasASampleAndTheSummaryIsPrinted() {
        Map<String, Integer> counts = OpSamples.countsByOp();
        List<String> required = new ArrayList<>(GoldenOps.OPS);
        required.addAll(MORE_OPS);
        Set<String> missing = new TreeSet<>();
        for (String op : required) if (!counts.containsKey(op)) missing.add(op);
        assertEquals(Set.of(), missing, "ops without a sample");

        StringBuilder b = new StringBuilder("[op samples] " + counts.size() + " ops, " + OpSamples.all().size() + " samples, "
                + OpSamples.all().stream().filter(OpSample::twiceDifferentiable).count() + " twice differentiable:");
        counts.forEach((op, n) -> b.append(' ').append(op).append('=').append(n));
        System.out.println(b);
    }

    @Test
    void samplesHaveUniqueNamesAndAtLeastOneInputRequiringGrad() {
        Set<String> names = new HashSet<>();
        for (OpSample s : OpSamples.all()) {
            assertTrue(names.add(s.name()), "duplicate sample " + s.name());
            assertTrue(s.inputs().stream().anyMatch(SampleInput::requiresGrad), s.name() + " has no input requiring grad");
        }
    }

    @Test
    void awkwardSizesNonContiguousBroadcastAndRepeatedInputsAreSampled() {
        Set<Long> sizes = new HashSet<>();
        for (OpSample s : OpSamples.all()) for (SampleInput in : s.inputs()) sizes.add(numel(in));
        for (long n : new long[] {1, 3, 7, 13, 31, 257}) assertTrue(sizes.contains(n), "no input of " + n + " elements");
        for (String op : List.of("exp", "relu", "sum", "mean", "abs", "log")) {
            for (long n : new long[] {1, 3, 7, 13, 31, 257}) {
                assertTrue(OpSamples.all().stream().anyMatch(s -> s.op().equals(op) && numel(s.inputs().get(0)) == n),
                        op + " has no sample of " + n + " elements");
            }
        }
        assertTrue(OpSamples.all().stream().anyMatch(s -> s.inputs().stream().anyMatch(i -> i.permute() != null)));
        assertTrue(OpSamples.all().stream().anyMatch(s -> s.name().contains("broadcast")));
        assertTrue(OpSamples.all().stream().anyMatch(s -> s.name().contains("twice")));
    }

    @Test
    void valuesAreTheSameOnEveryCall() {
        OpSample a = OpSamples.all().get(0);
        assertEquals(a.inputs(), OpSamples.all().get(0).inputs());
    }

    private static long numel(SampleInput in) {
        long n = 1;
        for (int d : in.shape()) n *= d;
        return n;
    }
}
