package dev.kiln.tck.run;

import dev.kiln.Device;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A backend the TCK runs on, strictly: every runtime it opens is built with {@code .backend(name)}
 * (no fallback to another backend: a kernel the backend lacks is an
 * {@link dev.kiln.spi.UnsupportedKernelException}), and is checked to serve the CPU device with that
 * backend, since the TCK makes its tensors there.
 *
 * @param name    the backend's provider name
 * @param builder a fresh runtime builder per call (e.g. with a plugins folder); the backend is forced on it
 */
public record BackendTarget(String name, Supplier<KilnRuntime.Builder> builder) {

    public BackendTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(builder, "builder");
    }

    /** A backend found by the default runtime builder (class path and the default plugins folder). */
    public static BackendTarget of(String name) {
        return new BackendTarget(name, Kiln::builder);
    }

    /** The same backend-building setup (plugins folder ...) for another backend, e.g. the reference one. */
    public BackendTarget withName(String other) {
        return new BackendTarget(other, builder);
    }

    /**
     * Builds the runtime (it becomes current; the caller closes it) and checks that {@code name} serves the CPU.
     *
     * @throws IllegalStateException when the backend cannot be opened or serves another device type
     */
    public KilnRuntime open() {
        KilnRuntime rt = builder.get().backend(name).build();
        try {
            String serving = rt.backend(Device.CPU).name();
            if (!serving.equals(name)) {
                throw new IllegalStateException("backend '" + name + "' does not serve the CPU device ('" + serving
                        + "' does): the TCK makes its tensors on the CPU device, so it can only certify CPU backends");
            }
            return rt;
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
    }
}
