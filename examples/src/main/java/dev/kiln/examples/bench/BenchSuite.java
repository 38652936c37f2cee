package dev.kiln.examples.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark groups of {@code ../shared/bench/torch_figures.py}, by the script's group names and in its
 * order: gemm, conv, elementwise, softmax, overhead, quickstart, lenet.
 */
public final class BenchSuite {
    private static final Map<String, Consumer<BenchContext>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("gemm", KernelBenches::gemm);
        GROUPS.put("conv", KernelBenches::conv);
        GROUPS.put("elementwise", KernelBenches::elementwise);
        GROUPS.put("softmax", KernelBenches::softmax);
        GROUPS.put("overhead", OverheadBench::run);
        GROUPS.put("quickstart", QuickstartBench::run);
        GROUPS.put("lenet", LenetBench::run);
    }

    private BenchSuite() {}

    /** The group names, in the order they run. */
    public static List<String> groups() { return List.copyOf(GROUPS.keySet()); }

    /** Runs one group; {@code name} must be one of {@link #groups()}. */
    public static void run(String name, BenchContext ctx) {
        Consumer<BenchContext> group = GROUPS.get(name);
        if (group == null) {
            throw new IllegalArgumentException("bench: unknown group '" + name + "'; valid groups: "
                    + String.join(", ", GROUPS.keySet()));
        }
        group.accept(ctx);
    }
}
