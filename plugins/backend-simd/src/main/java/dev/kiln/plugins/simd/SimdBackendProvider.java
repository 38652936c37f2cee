package dev.kiln.plugins.simd;

import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Probe;
import org.pf4j.Extension;

import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Provides the {@link SimdBackend}: name {@code "simd"}, the CPU, priority 10 (above the reference
 * backend's 0, so it is the default CPU backend when its jar is in the plugins folder).
 *
 * <p>Settings, read when a backend is created: {@code kiln.simd.bits} / {@code KILN_SIMD_BITS} forces a
 * vector width of 128, 256 or 512 bits no wider than the CPU's preferred one (used by tests so narrow
 * paths and tails run); {@code kiln.threads} / {@code KILN_THREADS} sizes the thread pool (default: the
 * available processors).
 *
 * <p>Nothing here touches a {@code jdk.incubator.vector} class until {@link #probe()} has found the
 * module readable, so a JVM started without {@code --add-modules jdk.incubator.vector} gets an
 * unavailable probe with that reason, never a linkage error.
 */
@Extension
public final class SimdBackendProvider implements BackendProvider {
    /** The provider name. */
    public static final String NAME = "simd";
    /** The setting that forces a vector width ({@code kiln.simd.bits}). */
    public static final String BITS_SETTING = "simd.bits";
    /** The setting that sizes the thread pool ({@code kiln.threads}, {@code KILN_THREADS}). */
    public static final String THREADS_SETTING = "threads";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Cheap: opens nothing. */
    public SimdBackendProvider() {}

    @Override
    public String name() { return NAME; }

    @Override
    public Device.Type deviceType() { return Device.Type.CPU; }

    @Override
    public int priority() { return 10; }

    @Override
    public Probe probe() {
        return probe(ModuleLayer.boot().findModule(VECTOR_MODULE), SimdBackendProvider::preferredBits,
                threadsForProbe(), setting("kiln.simd.bits", "KILN_SIMD_BITS"));
    }

    /** A setting read as the runtime's context reads it (system property, then environment), for the probe's line. */
    private static Optional<String> setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return Optional.ofNullable(v).filter(x -> !x.isBlank());
    }

    /** The pool size a backend created now would get, for the probe's line (an invalid setting counts as unset here; create reports it). */
    private static int threadsForProbe() {
        try {
            return threads(setting("kiln.threads", "KILN_THREADS"), Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * The probe for a given vector module (empty when it is not in the boot layer) and preferred width;
     * {@code preferredBits} is asked only when the module is readable. When available, the line names the
     * species a backend created now would use: the forced width when {@code forcedBits} is valid here
     * (an invalid one is reported by {@link #create}, which fails with the property and the valid values).
     */
    static Probe probe(Optional<Module> vectorModule, IntSupplier preferredBits, int threads, Optional<String> forcedBits) {
        if (vectorModule.isEmpty() || !SimdBackendProvider.class.getModule().canRead(vectorModule.get())) {
            return Probe.unavailable(VECTOR_MODULE + " is not readable: run with --add-modules " + VECTOR_MODULE);
        }
        int bits;
        try {
            bits = preferredBits.getAsInt();
        } catch (RuntimeException | LinkageError e) {
            return Probe.unavailable(VECTOR_MODULE + " failed to load: " + e);
        }
        if (bits < 128) {
            return Probe.unavailable("the CPU's preferred vector species is " + bits
                    + " bits wide; the simd backend needs at least 128 bits");
        }
        String species = "FloatVector.SPECIES_" + bits;
        if (forcedBits.isPresent()) {
            try {
                int forced = bits(forcedBits, bits);
                species = "FloatVector.SPECIES_" + forced + (forced == bits ? "" : " (forced by kiln.simd.bits; preferred "
                        + bits + ")");
            } catch (IllegalArgumentException e) {
                species += " (kiln.simd.bits='" + forcedBits.get().trim() + "' is invalid: creating the backend will fail)";
            }
        }
        return Probe.available(species + ", " + threads + (threads == 1 ? " thread" : " threads"));
    }

    /** The preferred species width; links the vector module, so called only after the module check. */
    private static int preferredBits() {
        return Species.preferredBits();
    }

    @Override
    public Backend create(Device device, BackendContext context) {
        if (device.type() != Device.Type.CPU) {
            throw new IllegalArgumentException("simd: the simd backend serves the cpu only, asked for " + device);
        }
        Probe p = probe();
        if (!p.available()) throw new IllegalStateException("simd: unavailable: " + p.reason());
        int preferred = Species.preferredBits();
        int bits = bits(context.setting(BITS_SETTING), preferred);
        int threads = threads(context.setting(THREADS_SETTING), Runtime.getRuntime().availableProcessors());
        return new SimdBackend(new SimdContext(bits, new Parallel(threads)));
    }

    /** The width to use: the setting when present (validated), else the CPU's preferred width. */
    static int bits(Optional<String> setting, int preferred) {
        if (setting.isEmpty()) return preferred;
        String v = setting.get().trim();
        int bits;
        try {
            bits = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("simd: kiln.simd.bits (KILN_SIMD_BITS) must be 128, 256 or 512, got '"
                    + v + "'");
        }
        if (bits > preferred) {
            throw new IllegalArgumentException("simd: kiln.simd.bits=" + bits + " is wider than this CPU's preferred "
                    + "vector species (" + preferred + " bits); valid here: "
                    + (preferred >= 512 ? "128, 256 or 512" : preferred >= 256 ? "128 or 256" : "128"));
        }
        return bits;
    }

    /** The pool size: the setting when present (a positive integer), else {@code available}. */
    static int threads(Optional<String> setting, int available) {
        if (setting.isEmpty()) return Math.max(1, available);
        String v = setting.get().trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("simd: kiln.threads (KILN_THREADS) must be a positive integer, got '"
                + v + "'");
    }
}
