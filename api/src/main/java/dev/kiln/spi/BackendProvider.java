package dev.kiln.spi;

import dev.kiln.Device;
import org.pf4j.ExtensionPoint;

/**
 * The extension point a backend plugin implements ({@code @Extension} in a PF4J plugin, or on the
 * class path with an {@code extensions.idx}). Implementations must be cheap to construct and must
 * not open a device or throw in a static initializer: the runtime calls {@link #probe()} and only
 * then {@link #create}.
 */
public interface BackendProvider extends ExtensionPoint {
    /** Short unique name users select it by ({@code "ref"}, {@code "simd"}, {@code "cuda"}). */
    String name();

    /** The device type its backends serve. */
    Device.Type deviceType();

    /** Among available backends for a device type the highest priority is the default. */
    int priority();

    /** Whether the backend can run here, with the reason when it cannot. Must not throw. */
    Probe probe();

    /** Opens the backend for {@code device}; called only after an available probe. */
    Backend create(Device device, BackendContext context);
}
