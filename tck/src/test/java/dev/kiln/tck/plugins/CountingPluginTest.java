package dev.kiln.tck.plugins;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.KilnRuntime.PluginInfo;
import dev.kiln.Tensor;
import dev.kiln.core.runtime.DefaultRuntime;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginClassLoader;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counting backend, packaged by Maven as a PF4J plugin jar (copied into
 * {@code target/test-plugins}, never on the class path), loaded by the runtime and used only through
 * the SPI: it delegates to the runtime's {@code "ref"} backend and counts kernel calls.
 */
class CountingPluginTest {

    /** The plugins folder holding the jar Maven built. */
    static Path pluginsDir() {
        String dir = System.getProperty("kiln.test.plugins");
        if (dir == null) throw new IllegalStateException("kiln.test.plugins is not set: run these tests through Maven (tck/pom.xml sets it)");
        return Path.of(dir);
    }

    /** The counting plugin jar Maven built. */
    static Path countingJar() throws Exception {
        try (Stream<Path> files = Files.list(pluginsDir())) {
            return files.filter(p -> p.getFileName().toString().startsWith("kiln-backend-counting")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no kiln-backend-counting jar in " + pluginsDir()));
        }
    }

    private static long calls(Backend counting, Kernel kernel) throws Exception {
        return (Long) counting.getClass().getMethod("calls", Kernel.class).invoke(counting, kernel);
    }

    private static long total(Backend counting) throws Exception {
        return (Long) counting.getClass().getMethod("total").invoke(counting);
    }

    @Test
    void mavenBuiltJarIsAPluginLoadedByPf4j() throws Exception {
        String ownResource = "META-INF/maven/dev.kiln/kiln-backend-counting/pom.properties";
        ClassLoader pluginLoader;
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(pluginsDir()).build()) {
            PluginInfo info = rt.plugins().stream().filter(p -> p.id().equals("kiln-backend-counting")).findFirst().orElseThrow();
            assertEquals("STARTED", info.state(), info.toString());
            assertEquals(countingJar().toAbsolutePath(), info.path().toAbsolutePath());

            BackendInfo counting = rt.backends().stream().filter(b -> b.name().equals("counting")).findFirst().orElseThrow();
            assertEquals("plugin kiln-backend-counting@" + info.version(), counting.origin());
            assertEquals(-10, counting.priority());
            assertEquals(Device.Type.CPU, counting.deviceType());
            assertTrue(counting.available());

            Set<BackendProvider> bound = rt.injector().getInstance(Key.get(new TypeLiteral<Set<BackendProvider>>() {}));
            BackendProvider provider = bound.stream().filter(p -> p.name().equals("counting")).findFirst().orElseThrow();
            pluginLoader = provider.getClass().getClassLoader();
            assertInstanceOf(PluginClassLoader.class, pluginLoader);
            assertNotNull(pluginLoader.getResource(ownResource));
        }
        assertNull(pluginLoader.getResource(ownResource), "closing the runtime stops and unloads its only plugin");
    }

    @Test
    void forcedCountingBackendDelegatesThroughTheSpiAndCounts() throws Exception {
        Backend counting;
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(pluginsDir()).backend("counting").build()) {
            counting = rt.backend(Device.CPU);
            assertEquals("counting", counting.name());
            assertEquals(0, total(counting));

            Storage s = counting.allocate(DType.FLOAT32, 4);
            counting.fill(new View(s, DType.FLOAT32, 0, new int[]{2, 2}, new long[]{2, 1}), 1.5);
            MemorySegment host = Arena.ofAuto().allocate(4L * Float.BYTES);
            counting.copyToHost(s, 0, 4, host);
            assertArrayEquals(new float[]{1.5f, 1.5f, 1.5f, 1.5f}, host.toArray(ValueLayout.JAVA_FLOAT));
            assertEquals(1, calls(counting, Kernel.FILL));
            assertEquals(0, calls(counting, Kernel.BINARY));
            assertEquals(1, total(counting));
            counting.getClass().getMethod("reset").invoke(counting);
            assertEquals(0, total(counting));
            counting.release(s);
        }
        Backend closed = counting;
        assertThrows(IllegalStateException.class, () -> closed.allocate(DType.FLOAT32, 1));
    }

    @Test
    void forcedCountingBackendServesTensorOps() throws Exception {
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(pluginsDir()).backend("counting").build()) {
            Backend counting = rt.backend(Device.CPU);
            long before = calls(counting, Kernel.BINARY);
            Tensor t = Tensor.ones(2, 2).add(1);
            assertArrayEquals(new float[]{2, 2, 2, 2}, t.toFloatArray());
            assertTrue(calls(counting, Kernel.BINARY) > before, "add went through the counting backend");
            assertTrue(rt.backends().stream().anyMatch(b -> b.name().equals("ref") && b.origin().equals("classpath")));
        }
    }

    /** The generator lives in core: the same seed gives the same numbers on every backend. */
    @Test
    void sameSeedGivesTheSameNumbersOnEveryBackend() {
        double[][] drawn = new double[2][];
        String[] names = {"ref", "counting"};
        for (int i = 0; i < names.length; i++) {
            try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(pluginsDir()).backend(names[i]).build()) {
                assertEquals(names[i], rt.backend(Device.CPU).name());
                dev.kiln.Kiln.manualSeed(1234);
                drawn[i] = Tensor.cat(java.util.List.of(Tensor.rand(16), Tensor.randn(16),
                        Tensor.randint(0, 10, 16).toFloat())).toDoubleArray();
            }
        }
        assertArrayEquals(drawn[0], drawn[1]);
    }

    /** Core asks a backend only for what it declares: a missing kernel is an error naming it, never a fallback. */
    @Test
    void aKernelTheBackendDoesNotDeclareIsRefusedByName() {
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(pluginsDir()).backend("partial")
                .module(PartialProvider.module()).build()) {
            Tensor x = Tensor.ones(3);
            assertArrayEquals(new float[]{2, 2, 2}, x.add(1).toFloatArray());
            UnsupportedKernelException e = assertThrows(UnsupportedKernelException.class, x::exp);
            assertEquals("exp: backend 'partial' does not support kernel UNARY for dtype float32 (it lacks the kernel entirely)",
                    e.getMessage());
            assertEquals(Kernel.UNARY, e.kernel());
        }
    }
}
