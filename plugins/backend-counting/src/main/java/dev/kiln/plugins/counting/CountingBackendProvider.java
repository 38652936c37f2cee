package dev.kiln.plugins.counting;

import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Probe;
import org.pf4j.Extension;

/**
 * The {@code "counting"} backend: the reference backend's kernels, reached only through the SPI,
 * with every kernel call counted. Its priority is below the reference backend's, so it serves only
 * when forced ({@code KILN_BACKEND=counting}).
 */
@Extension
public final class CountingBackendProvider implements BackendProvider {
    /** The provider name. */
    public static final String NAME = "counting";
    /** The backend it delegates to. */
    public static final String DELEGATE = "ref";

    @Override
    public String name() { return NAME; }

    @Override
    public Device.Type deviceType() { return Device.Type.CPU; }

    @Override
    public int priority() { return -10; }

    @Override
    public Probe probe() {
        return Probe.available("counts kernel calls, delegating to the '" + DELEGATE + "' backend");
    }

    @Override
    public Backend create(Device device, BackendContext context) {
        Backend delegate = context.backend(DELEGATE).orElseThrow(() -> new IllegalStateException(
                "counting backend: it delegates to the '" + DELEGATE + "' backend, which this runtime does not have"
                        + " or which is unavailable"));
        if (!delegate.device().equals(device)) {
            throw new IllegalStateException("counting backend: asked for " + device + " but '" + DELEGATE
                    + "' serves " + delegate.device());
        }
        return new CountingBackend(delegate);
    }
}
