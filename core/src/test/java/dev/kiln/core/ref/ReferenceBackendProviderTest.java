package dev.kiln.core.ref;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.Probe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider, the backend's identity and capabilities, and the PF4J registration. */
class ReferenceBackendProviderTest {
    private static final BackendContext CONTEXT = new BackendContext() {
        @Override public Optional<String> setting(String key) { return Optional.empty(); }
        @Override public Optional<Backend> backend(String name) { return Optional.empty(); }
    };

    @Test
    void describesItself() {
        ReferenceBackendProvider p = new ReferenceBackendProvider();
        assertEquals("ref", p.name());
        assertEquals(Device.Type.CPU, p.deviceType());
        assertEquals(0, p.priority());
        assertEquals(new Probe(true, "plain Java, always available"), p.probe());
        try (Backend backend = p.create(Device.CPU, CONTEXT)) {
            assertInstanceOf(ReferenceBackend.class, backend);
            assertEquals("ref", backend.name());
            assertEquals(Device.CPU, backend.device());
            for (Kernel k : Kernel.values()) {
                for (DType t : DType.values()) assertTrue(backend.capabilities().supports(k, t), k + " " + t);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> p.create(Device.CUDA, CONTEXT));
    }

    @Test
    void isListedInExtensionsIdx() throws IOException {
        boolean found = false;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = url.openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                found |= text.lines().anyMatch(l -> l.trim().equals(ReferenceBackendProvider.class.getName()));
            }
        }
        assertTrue(found, "META-INF/extensions.idx lists " + ReferenceBackendProvider.class.getName());
    }
}
