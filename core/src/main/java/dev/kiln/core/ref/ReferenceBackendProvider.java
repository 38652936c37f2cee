package dev.kiln.core.ref;

import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Probe;
import org.pf4j.Extension;

/**
 * Provides the {@link ReferenceBackend}: name {@code "ref"}, the CPU, priority 0 (any other
 * available CPU backend is preferred), always available.
 */
@Extension
public final class ReferenceBackendProvider implements BackendProvider {

    /** Cheap: opens nothing. */
    public ReferenceBackendProvider() {}

    @Override
    public String name() { return ReferenceBackend.NAME; }

    @Override
    public Device.Type deviceType() { return Device.Type.CPU; }

    @Override
    public int priority() { return 0; }

    @Override
    public Probe probe() { return Probe.available("plain Java, always available"); }

    @Override
    public Backend create(Device device, BackendContext context) {
        if (device.type() != Device.Type.CPU) {
            throw new IllegalArgumentException("ref: the reference backend serves the cpu only, asked for " + device);
        }
        return new ReferenceBackend();
    }
}
