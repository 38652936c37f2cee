package dev.kiln.core.runtime;

import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Probe;
import org.pf4j.Extension;

/**
 * A class-path extension (indexed by PF4J's annotation processor into the test classes'
 * {@code META-INF/extensions.idx}) that proves class-path discovery. It is unavailable and has the
 * lowest priority, so it never serves a device in any other test.
 */
@Extension
public final class ClasspathFixtureProvider implements BackendProvider {
    /** The reason its probe gives. */
    static final String REASON = "test fixture: discovered from the class path, never used";

    @Override public String name() { return "test-classpath"; }
    @Override public Device.Type deviceType() { return Device.Type.CPU; }
    @Override public int priority() { return Integer.MIN_VALUE; }
    @Override public Probe probe() { return Probe.unavailable(REASON); }

    @Override
    public Backend create(Device device, BackendContext context) {
        throw new IllegalStateException("test-classpath is never available; create must not be called");
    }
}
