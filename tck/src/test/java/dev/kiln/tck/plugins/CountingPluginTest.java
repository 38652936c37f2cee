package dev.kiln.tck.plugins;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.KilnRuntime.PluginInfo;
import dev.kiln.Tensor;
import dev.kiln.core.runtime.DefaultRuntime;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.Probe;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginClassLoader;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(pluginsDir()).backend("counting")
                .module(HostRef.module()).build()) {
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

    /** Needs the tensor engine and the reference backend of kiln-core. */
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

    /**
     * A host-memory float32 backend named {@code "ref"}, bound through a Guice module, for the
     * counting backend to delegate to in the SPI-level test. When kiln-core's reference backend is on
     * the class path it is found first and this duplicate is ignored; the test holds either way.
     */
    static final class HostRef implements BackendProvider {
        static com.google.inject.Module module() {
            return new AbstractModule() {
                @Override
                protected void configure() {
                    Multibinder.newSetBinder(binder(), BackendProvider.class).addBinding().toInstance(new HostRef());
                }
            };
        }

        @Override public String name() { return "ref"; }
        @Override public Device.Type deviceType() { return Device.Type.CPU; }
        @Override public int priority() { return -100; }
        @Override public Probe probe() { return Probe.available("test host backend: float32 fill and copies"); }
        @Override public Backend create(Device device, BackendContext context) { return new HostBackend(device); }

        record HostStorage(MemorySegment segment, DType dtype, long numel) implements Storage {}

        static final class HostBackend implements Backend {
            private final Device device;

            HostBackend(Device device) { this.device = device; }

            private static MemorySegment seg(Storage s) { return ((HostStorage) s).segment(); }

            private UnsupportedKernelException lacks(String op, Kernel k, DType d) {
                return new UnsupportedKernelException(op, "ref", k, d, Set.of(DType.FLOAT32));
            }

            @Override public String name() { return "ref"; }
            @Override public Device device() { return device; }
            @Override public Capabilities capabilities() { return Capabilities.builder().kernel(Kernel.FILL, DType.FLOAT32).build(); }

            @Override
            public Storage allocate(DType dtype, long numel) {
                if (dtype != DType.FLOAT32) throw new IllegalArgumentException("test host backend: float32 only, got " + dtype);
                return new HostStorage(Arena.ofAuto().allocate(numel * Float.BYTES, Float.BYTES), dtype, numel);
            }

            @Override
            public void copyFromHost(MemorySegment src, Storage dst, long dstOffset, long count) {
                MemorySegment.copy(src, 0, seg(dst), dstOffset * Float.BYTES, count * Float.BYTES);
            }

            @Override
            public void copyToHost(Storage src, long srcOffset, long count, MemorySegment dst) {
                MemorySegment.copy(seg(src), srcOffset * Float.BYTES, dst, 0, count * Float.BYTES);
            }

            @Override public void release(Storage storage) { }

            @Override
            public void fill(View dst, double value) {
                if (dst.dtype() != DType.FLOAT32) throw lacks("fill", Kernel.FILL, dst.dtype());
                int[] idx = new int[dst.rank()];
                for (long n = 0; n < dst.numel(); n++) {
                    long at = dst.offset();
                    for (int d = 0; d < idx.length; d++) at += idx[d] * dst.strides()[d];
                    seg(dst.storage()).setAtIndex(ValueLayout.JAVA_FLOAT, at, (float) value);
                    for (int d = idx.length - 1; d >= 0 && ++idx[d] == dst.shape()[d]; d--) idx[d] = 0;
                }
            }

            @Override public void unary(UnaryOp op, View in, View out) { throw lacks("unary", Kernel.UNARY, in.dtype()); }
            @Override public void binary(BinaryOp op, View a, View b, View out) { throw lacks("binary", Kernel.BINARY, a.dtype()); }
            @Override public void where(View c, View a, View b, View out) { throw lacks("where", Kernel.WHERE, a.dtype()); }
            @Override public void reduce(ReduceOp op, View in, int[] axes, View out) { throw lacks("reduce", Kernel.REDUCE, in.dtype()); }
            @Override public void matmul(View a, View b, View out) { throw lacks("matmul", Kernel.MATMUL, a.dtype()); }
            @Override public void copy(View src, View dst) { throw lacks("copy", Kernel.COPY, src.dtype()); }
            @Override public void gather(View src, int dim, View index, View out) { throw lacks("gather", Kernel.GATHER, src.dtype()); }
            @Override public void scatter(ScatterMode m, View dst, int dim, View index, View src) { throw lacks("scatter", Kernel.SCATTER, dst.dtype()); }
            @Override public void im2col(View in, Im2Col g, View cols) { throw lacks("im2col", Kernel.IM2COL, in.dtype()); }
            @Override public void col2im(View cols, Im2Col g, View out) { throw lacks("col2im", Kernel.COL2IM, cols.dtype()); }
            @Override public void close() { }

            @Override public String toString() { return "HostBackend" + Arrays.toString(new Object[]{device}); }
        }
    }

}
