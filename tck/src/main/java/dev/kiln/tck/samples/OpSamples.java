package dev.kiln.tck.samples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of sample inputs for every differentiable op of Kiln's api (PyTorch's OpInfo
 * {@code sample_inputs}): awkward sizes (0-d, 1, 3, 7, 13, 31, 257), non-contiguous inputs (permuted
 * views), broadcast inputs, one input used twice, and values kept away from the points where an op is
 * not differentiable. Values come from fixed seeds, so the table is the same on every run and backend.
 */
public final class OpSamples {
    private OpSamples() {}

    private static final List<OpSample> ALL = build();

    /** Every sample, grouped by op family, in a fixed order. */
    public static List<OpSample> all() {
        return ALL;
    }

    /** How many samples each op has, in table order. */
    public static Map<String, Integer> countsByOp() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (OpSample s : ALL) counts.merge(s.op(), 1, Integer::sum);
        return Collections.unmodifiableMap(counts);
    }

    private static List<OpSample> build() {
        List<OpSample> all = new ArrayList<>();
        all.addAll(ElementwiseSamples.build());
        all.addAll(ReductionSamples.build());
        all.addAll(LinalgSamples.build());
        all.addAll(ShapeSamples.build());
        all.addAll(InPlaceSamples.build());
        all.addAll(NnSamples.build());
        java.util.Set<String> names = new java.util.HashSet<>();
        for (OpSample s : all) {
            if (!names.add(s.name())) throw new IllegalStateException("sample name '" + s.name() + "' is used twice");
        }
        return List.copyOf(all);
    }
}
