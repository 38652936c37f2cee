package dev.kiln.examples.cli;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.KilnRuntime.PluginInfo;
import dev.kiln.spi.Backend;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The plain-text listing {@code kiln plugins} prints. */
class RuntimeListingTest {

    /** A runtime that only answers what it found. */
    private record Found(List<BackendInfo> backends, List<PluginInfo> plugins) implements KilnRuntime {
        @Override public Backend backend(Device device) { throw new UnsupportedOperationException("listing only"); }
        @Override public Optional<Backend> backend(String name) { return Optional.empty(); }
        @Override public void close() {}
    }

    @Test
    void listsBackendsPluginsAndTheBackendPerDeviceType() {
        KilnRuntime rt = new Found(
                List.of(new BackendInfo("ref", Device.Type.CPU, 0, "classpath", true, "", true),
                        new BackendInfo("cuda", Device.Type.CUDA, 10, "plugin kiln-backend-cuda", false,
                                "no CUDA driver: libcuda.so.1 not found", false)),
                List.of(new PluginInfo("kiln-backend-cuda", "0.1.0", Path.of("plugins/cuda.jar"), "STARTED", ""),
                        new PluginInfo("broken.jar", "?", Path.of("plugins/broken.jar"), "INVALID", "no plugin descriptor")));
        assertEquals("""
                Backends (2):
                  NAME  DEVICE  PRIORITY  ORIGIN                    STATUS                                               SELECTED
                  ref   cpu     0         classpath                 available                                            yes
                  cuda  cuda    10        plugin kiln-backend-cuda  unavailable: no CUDA driver: libcuda.so.1 not found

                Plugins (2):
                  ID                 VERSION  STATE    PATH                REASON
                  kiln-backend-cuda  0.1.0    STARTED  plugins/cuda.jar
                  broken.jar         ?        INVALID  plugins/broken.jar  no plugin descriptor

                Device types:
                  cpu   -> ref
                  cuda  -> (no available backend)
                """, RuntimeListing.render(rt));
    }

    @Test
    void saysWhenNothingWasFound() {
        assertEquals("""
                Backends (0):
                  (none found)

                Plugins (0):
                  (none in the plugins folder)

                Device types:
                  cpu   -> (no available backend)
                  cuda  -> (no available backend)
                """, RuntimeListing.render(new Found(List.of(), List.of())));
    }
}
