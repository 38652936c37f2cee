package dev.kiln.tck.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sources of the fixture plugins and the jars built from them: one good plugin, plugins that
 * break in each way the runtime must survive, one built for an incompatible api, and jars that are
 * not plugins at all.
 */
final class FixturePlugins {
    private FixturePlugins() {}

    /** Plugin ids and jar names. */
    static final String GOOD = "fixture-good", BROKEN_START = "fixture-broken-start", BROKEN_EXTENSION = "fixture-broken-extension",
            BROKEN_PROBE = "fixture-broken-probe", MISSING_CLASS = "fixture-missing-plugin-class",
            INCOMPATIBLE = "fixture-incompatible", GARBAGE = "garbage.jar", NO_ID = "no-plugin-id.jar";

    private static final String PROVIDER = """
            package %1$s;

            import dev.kiln.Device;
            import dev.kiln.spi.Backend;
            import dev.kiln.spi.BackendContext;
            import dev.kiln.spi.BackendProvider;
            import dev.kiln.spi.Probe;

            @org.pf4j.Extension
            public class %2$s implements BackendProvider {
                %3$s
                public String name() { return "%4$s"; }
                public Device.Type deviceType() { return Device.Type.CPU; }
                public int priority() { return %5$d; }
                public Probe probe() { %6$s }
                public Backend create(Device device, BackendContext context) { return new fixture.common.InertBackend(name(), device); }
            }
            """;

    private static String provider(String pkg, String cls, String name, int priority, String extra, String probeBody) {
        return PROVIDER.formatted(pkg, cls, extra, name, priority, probeBody);
    }

    private static final String AVAILABLE = "return Probe.available(\"fixture ready\");";

    /** Every fixture class by fully qualified name. */
    static Map<String, String> sources() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fixture.common.InertBackend", """
                package fixture.common;

                import dev.kiln.DType;
                import dev.kiln.Device;
                import dev.kiln.spi.*;
                import java.lang.foreign.MemorySegment;
                import java.util.Set;

                /** Declares no kernels, so every kernel is refused as the SPI requires; remembers being closed. */
                public class InertBackend implements Backend {
                    private final String name;
                    private final Device device;
                    private volatile boolean closed;
                    public InertBackend(String name, Device device) { this.name = name; this.device = device; }
                    public boolean isClosed() { return closed; }
                    public String name() { return name; }
                    public Device device() { return device; }
                    public Capabilities capabilities() { return Capabilities.builder().build(); }
                    private RuntimeException lacks(String op, Kernel k, DType d) { return new UnsupportedKernelException(op, name, k, d, Set.of()); }
                    public Storage allocate(DType dtype, long numel) { throw new UnsupportedOperationException(name + " holds no storage"); }
                    public void copyFromHost(MemorySegment src, Storage dst, long off, long n) { throw new UnsupportedOperationException(name + " holds no storage"); }
                    public void copyToHost(Storage src, long off, long n, MemorySegment dst) { throw new UnsupportedOperationException(name + " holds no storage"); }
                    public void release(Storage storage) { }
                    public void unary(UnaryOp op, View in, View out) { throw lacks("unary", Kernel.UNARY, in.dtype()); }
                    public void binary(BinaryOp op, View a, View b, View out) { throw lacks("binary", Kernel.BINARY, a.dtype()); }
                    public void where(View c, View a, View b, View out) { throw lacks("where", Kernel.WHERE, a.dtype()); }
                    public void reduce(ReduceOp op, View in, int[] axes, View out) { throw lacks("reduce", Kernel.REDUCE, in.dtype()); }
                    public void matmul(View a, View b, View out) { throw lacks("matmul", Kernel.MATMUL, a.dtype()); }
                    public void copy(View src, View dst) { throw lacks("copy", Kernel.COPY, src.dtype()); }
                    public void fill(View dst, double value) { throw lacks("fill", Kernel.FILL, dst.dtype()); }
                    public void gather(View src, int dim, View index, View out) { throw lacks("gather", Kernel.GATHER, src.dtype()); }
                    public void scatter(ScatterMode m, View dst, int dim, View index, View src) { throw lacks("scatter", Kernel.SCATTER, dst.dtype()); }
                    public void im2col(View in, Im2Col g, View cols) { throw lacks("im2col", Kernel.IM2COL, in.dtype()); }
                    public void col2im(View cols, Im2Col g, View out) { throw lacks("col2im", Kernel.COL2IM, cols.dtype()); }
                    public void close() { closed = true; }
                }
                """);
        s.put("fixture.good.GoodPlugin", """
                package fixture.good;

                public class GoodPlugin extends org.pf4j.Plugin {
                    public static volatile boolean started;
                    @Override public void start() { started = true; }
                    @Override public void stop() { started = false; }
                }
                """);
        s.put("fixture.good.LoadedLate", """
                package fixture.good;

                /** Loaded by no one while the plugin runs: loading it after the runtime closed must fail. */
                public class LoadedLate {}
                """);
        s.put("fixture.good.GoodProvider", provider("fixture.good", "GoodProvider", "good", -20, "", AVAILABLE));
        s.put("fixture.brokenstart.BrokenStartPlugin", """
                package fixture.brokenstart;

                public class BrokenStartPlugin extends org.pf4j.Plugin {
                    @Override public void start() { throw new IllegalStateException("broken on purpose: start()"); }
                }
                """);
        s.put("fixture.brokenstart.BrokenStartProvider",
                provider("fixture.brokenstart", "BrokenStartProvider", "broken-start", 100, "", AVAILABLE));
        s.put("fixture.brokenext.HalfGoodProvider",
                provider("fixture.brokenext", "HalfGoodProvider", "half-good", 100, "", AVAILABLE));
        s.put("fixture.brokenext.ExplodingProvider", provider("fixture.brokenext", "ExplodingProvider", "exploding", 100,
                "public ExplodingProvider() { throw new IllegalStateException(\"broken on purpose: constructor\"); }", AVAILABLE));
        s.put("fixture.brokenprobe.ProbeThrowsProvider", provider("fixture.brokenprobe", "ProbeThrowsProvider", "probe-throws",
                100, "", "throw new IllegalStateException(\"broken on purpose: probe()\");"));
        s.put("fixture.incompatible.IncompatibleProvider",
                provider("fixture.incompatible", "IncompatibleProvider", "incompatible", 100, "", AVAILABLE));
        return s;
    }

    /** Compiles the fixtures under {@code work} and writes every fixture jar into {@code pluginsDir}. */
    static void build(Path work, Path pluginsDir) throws IOException {
        Path classes = PluginJars.compile(sources(), work.resolve("classes"));
        Files.createDirectories(pluginsDir);
        String api = dev.kiln.Kiln.API_VERSION;
        PluginJars.jar(pluginsDir.resolve(GOOD + ".jar"), PluginJars.manifest(GOOD, "1.0.0", api, "fixture.good.GoodPlugin"),
                classes, List.of("fixture.common", "fixture.good"), List.of("fixture.good.GoodProvider"));
        PluginJars.jar(pluginsDir.resolve(BROKEN_START + ".jar"),
                PluginJars.manifest(BROKEN_START, "1.0.0", api, "fixture.brokenstart.BrokenStartPlugin"),
                classes, List.of("fixture.common", "fixture.brokenstart"), List.of("fixture.brokenstart.BrokenStartProvider"));
        PluginJars.jar(pluginsDir.resolve(BROKEN_EXTENSION + ".jar"), PluginJars.manifest(BROKEN_EXTENSION, "1.0.0", api, null),
                classes, List.of("fixture.common", "fixture.brokenext"),
                List.of("fixture.brokenext.HalfGoodProvider", "fixture.brokenext.ExplodingProvider"));
        PluginJars.jar(pluginsDir.resolve(BROKEN_PROBE + ".jar"), PluginJars.manifest(BROKEN_PROBE, "1.0.0", api, null),
                classes, List.of("fixture.common", "fixture.brokenprobe"), List.of("fixture.brokenprobe.ProbeThrowsProvider"));
        PluginJars.jar(pluginsDir.resolve(MISSING_CLASS + ".jar"),
                PluginJars.manifest(MISSING_CLASS, "1.0.0", api, "fixture.missing.NoSuchPlugin"),
                classes, List.of("fixture.common"), List.of());
        PluginJars.jar(pluginsDir.resolve(INCOMPATIBLE + ".jar"), PluginJars.manifest(INCOMPATIBLE, "1.0.0", "2.0.0", null),
                classes, List.of("fixture.common", "fixture.incompatible"), List.of("fixture.incompatible.IncompatibleProvider"));
        PluginJars.jar(pluginsDir.resolve(NO_ID), PluginJars.manifest(null, "1.0.0", api, null),
                classes, List.of("fixture.common"), List.of());
        Files.write(pluginsDir.resolve(GARBAGE), "this is not a zip file".getBytes());
    }
}
