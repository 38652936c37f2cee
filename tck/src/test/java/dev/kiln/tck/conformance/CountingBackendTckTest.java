package dev.kiln.tck.conformance;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.tck.BackendTck;

import java.nio.file.Path;

/**
 * The counting backend, loaded by PF4J from the plugin jar Maven built (folder of system property
 * {@code kiln.test.plugins}), certified by the TCK as a third party would: golden, gradcheck,
 * gradgradcheck and cross-backend against the reference backend.
 */
class CountingBackendTckTest extends BackendTck {
    @Override
    protected String backendName() { return "counting"; }

    @Override
    protected KilnRuntime.Builder runtimeBuilder() {
        String dir = System.getProperty("kiln.test.plugins");
        if (dir == null) throw new IllegalStateException("kiln.test.plugins is not set: run these tests through Maven");
        return Kiln.builder().pluginsDir(Path.of(dir));
    }
}
