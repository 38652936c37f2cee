package dev.kiln.plugins.simd;

import dev.kiln.Device;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.tck.BackendTck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCK on the simd backend as a third party would run it: the real plugin jar, loaded by PF4J from
 * the folder of system property {@code kiln.test.plugins}, with this module's classes off the class
 * path (Maven's tck-* surefire executions). Each execution sets {@code kiln.simd.bits} (none, 256,
 * 128), so golden, gradcheck, gradgradcheck and cross-backend run at each width.
 */
class SimdBackendTckTest extends BackendTck {
    /**
     * Only in the tck-* executions (which set {@code kiln.test.plugins} and keep the module's classes off
     * the class path): a {@code -Dtest=...} that names this class in the default execution skips it.
     */
    @BeforeAll
    static void onlyInTheTckExecutions() {
        Assumptions.assumeTrue(System.getProperty("kiln.test.plugins") != null,
                "the simd TCK runs in the tck-* surefire executions, on the plugin jar");
    }

    @Override
    protected String backendName() { return "simd"; }

    @Override
    protected KilnRuntime.Builder runtimeBuilder() {
        String dir = System.getProperty("kiln.test.plugins");
        if (dir == null) throw new IllegalStateException("kiln.test.plugins is not set: run these tests through Maven");
        return Kiln.builder().pluginsDir(Path.of(dir));
    }

    /** The backend under test came from the plugin jar and runs at the width this execution forces. */
    @Test
    void runsThePluginAtTheForcedWidth() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.kiln.plugins.simd.SimdBackend"),
                "the module's classes must be off the class path: the TCK certifies the plugin jar");
        try (KilnRuntime rt = runtimeBuilder().backend("simd").build()) {
            var backend = rt.backend(Device.CPU);
            assertEquals("simd", backend.name());
            String forced = System.getProperty("kiln.simd.bits");
            String described = backend.toString();
            if (forced != null) assertTrue(described.contains(forced + " bits"), described);
            System.out.println("TCK width: " + described);
        }
    }
}
