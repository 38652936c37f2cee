package dev.kiln;

import dev.kiln.spi.Engine;

/**
 * Process-wide entry points, as PyTorch's {@code torch.*} functions: the seed, the runtime.
 */
public final class Kiln {
    private Kiln() {}

    /** The api version plugins declare in {@code Plugin-Requires}. */
    public static final String API_VERSION = "0.1.0";

    /** Seeds the runtime's generator ({@code torch.manual_seed}): the same seed gives the same numbers on every backend. */
    public static void manualSeed(long seed) { Engine.get().manualSeed(seed); }

    /** The current runtime, started with defaults on first use. */
    public static KilnRuntime runtime() { return Engine.get().runtime(); }

    /** A builder for an explicit runtime that becomes current when built. */
    public static KilnRuntime.Builder builder() { return Engine.get().runtimeBuilder(); }
}
