package dev.kiln;

import dev.kiln.autograd.GradScope;
import dev.kiln.spi.Engine;

import java.util.List;

/**
 * Process-wide entry points, as PyTorch's {@code torch.*} functions: the seed, the runtime, and
 * autograd's modes and {@code torch.autograd.grad}.
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

    // ---- autograd ----

    /** Disables gradient recording on this thread until the scope closes ({@code with torch.no_grad():}). */
    public static GradScope noGrad() { return Engine.get().gradEnabled(false); }

    /** Enables gradient recording on this thread until the scope closes ({@code with torch.enable_grad():}). */
    public static GradScope enableGrad() { return Engine.get().gradEnabled(true); }

    /** Whether ops on this thread record the autograd graph ({@code torch.is_grad_enabled()}). */
    public static boolean isGradEnabled() { return Engine.get().isGradEnabled(); }

    /**
     * Anomaly detection on this thread until the scope closes ({@code torch.autograd.detect_anomaly()}):
     * backward fails at the first node whose gradient holds a NaN or an infinity, naming that node and
     * the place its forward op ran.
     */
    public static GradScope detectAnomaly() { return Engine.get().anomalyMode(true); }

    /** Whether anomaly detection is on for this thread. */
    public static boolean isAnomalyEnabled() { return Engine.get().isAnomalyEnabled(); }

    /**
     * The gradients of {@code outputs} with respect to {@code inputs} ({@code torch.autograd.grad}),
     * returned instead of accumulated into {@code .grad}.
     *
     * @param gradOutputs one per output (null entries, or a null list, for one-element outputs: ones)
     * @param retainGraph keep the graph's saved tensors for another backward
     * @param createGraph record the backward so the result can be differentiated again
     * @param allowUnused give null for an input the outputs do not depend on, instead of failing
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        return Engine.get().grad(outputs, inputs, gradOutputs, retainGraph, createGraph, allowUnused);
    }

    /** {@code torch.autograd.grad(output, input)} for a one-element output: d output / d input. */
    public static Tensor grad(Tensor output, Tensor input) {
        return grad(List.of(output), List.of(input), null, false, false, false).getFirst();
    }

    // ---- save and load (safetensors) ----

    /**
     * Saves a state dict ({@code torch.save(model.state_dict(), path)}) as a safetensors file: tensors in the
     * map's order, row-major, little-endian, any device or layout. The write is atomic (a temporary file in the
     * same folder renamed over {@code path}): a failed save leaves an existing file as it was.
     *
     * @throws IllegalArgumentException for a null tensor or name, or the reserved name {@code __metadata__}
     * @throws java.io.IOException      when the file cannot be written
     */
    public static void save(java.util.Map<String, Tensor> stateDict, java.nio.file.Path path) throws java.io.IOException {
        Engine.get().save(stateDict, java.util.Map.of(), path);
    }

    /** {@link #save(java.util.Map, java.nio.file.Path)} with string metadata stored in the header's {@code __metadata__}. */
    public static void save(java.util.Map<String, Tensor> stateDict, java.util.Map<String, String> metadata,
                            java.nio.file.Path path) throws java.io.IOException {
        Engine.get().save(stateDict, metadata, path);
    }

    /**
     * Loads a safetensors file (written by Kiln, by the {@code safetensors} Python package or by hand) as a
     * state dict, in the order of the file's data, on the CPU; pass it to {@code Layer.loadStateDict}. The
     * header is validated before any tensor is read, so a truncated or hostile file fails with an
     * {@link java.io.IOException} naming the file and the entry at fault.
     */
    public static java.util.Map<String, Tensor> load(java.nio.file.Path path) throws java.io.IOException {
        return Engine.get().load(path);
    }

    /** The {@code __metadata__} strings of a safetensors file (empty when it has none); reads only the header. */
    public static java.util.Map<String, String> loadMetadata(java.nio.file.Path path) throws java.io.IOException {
        return Engine.get().loadMetadata(path);
    }
}
