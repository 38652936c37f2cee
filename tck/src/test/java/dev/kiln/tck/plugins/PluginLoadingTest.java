package dev.kiln.tck.plugins;

import dev.kiln.Device;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.KilnRuntime.PluginInfo;
import dev.kiln.core.runtime.DefaultRuntime;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.core.runtime.RuntimeReport;
import dev.kiln.spi.Backend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import static dev.kiln.tck.plugins.FixturePlugins.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real plugin jars, built by this test and loaded by PF4J: the good one serves, every broken one is
 * reported with its reason and skipped whole, and the rest of the folder keeps working.
 */
class PluginLoadingTest {
    @TempDir static Path work;
    static Path plugins;

    @BeforeAll
    static void buildJars() throws Exception {
        plugins = work.resolve("plugins");
        FixturePlugins.build(work, plugins);
        Path counting = CountingPluginTest.countingJar();
        Files.copy(counting, plugins.resolve(counting.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static PluginInfo plugin(DefaultRuntime rt, String idOrFile) {
        return rt.plugins().stream()
                .filter(p -> p.id().equals(idOrFile) || p.path().getFileName().toString().equals(idOrFile))
                .findFirst().orElseThrow(() -> new AssertionError(idOrFile + " not reported: " + rt.plugins()));
    }

    private static Optional<BackendInfo> backend(DefaultRuntime rt, String name) {
        return rt.backends().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    @Test
    void fixtureClassesAreNotOnTheTestClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("fixture.good.GoodProvider"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.kiln.plugins.counting.CountingBackend"));
    }

    @Test
    void everyJarIsReportedWithItsStateAndReason() {
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(plugins).build()) {
            assertEquals(9, rt.plugins().size(), rt.plugins().toString());

            PluginInfo good = plugin(rt, GOOD);
            assertEquals("STARTED", good.state());
            assertEquals("1.0.0", good.version());
            assertEquals("", good.reason());
            assertEquals("STARTED", plugin(rt, "kiln-backend-counting").state());

            PluginInfo start = plugin(rt, BROKEN_START);
            assertEquals("FAILED", start.state());
            assertEquals("start() threw IllegalStateException: broken on purpose: start()", start.reason());

            PluginInfo ext = plugin(rt, BROKEN_EXTENSION);
            assertEquals("FAILED", ext.state());
            assertEquals("extension fixture.brokenext.ExplodingProvider constructor threw IllegalStateException: "
                    + "broken on purpose: constructor", ext.reason());

            PluginInfo probe = plugin(rt, BROKEN_PROBE);
            assertEquals("FAILED", probe.state());
            assertEquals("extension fixture.brokenprobe.ProbeThrowsProvider.probe() threw IllegalStateException: "
                    + "broken on purpose: probe()", probe.reason());

            PluginInfo missing = plugin(rt, MISSING_CLASS);
            assertEquals("FAILED", missing.state());
            assertTrue(missing.reason().startsWith("Plugin-Class fixture.missing.NoSuchPlugin cannot be loaded"), missing.reason());

            PluginInfo incompatible = plugin(rt, INCOMPATIBLE);
            assertEquals("INCOMPATIBLE", incompatible.state());
            assertEquals("built for kiln api 2.0.0 (accepts >=2.0.0 & <3.0.0), but this runtime provides api "
                    + dev.kiln.Kiln.API_VERSION, incompatible.reason());

            PluginInfo garbage = plugin(rt, GARBAGE);
            assertEquals("INVALID", garbage.state());
            assertEquals("?", garbage.version());
            assertTrue(garbage.reason().startsWith("not a valid Kiln plugin: "), garbage.reason());

            PluginInfo noId = plugin(rt, NO_ID);
            assertEquals("INVALID", noId.state());
            assertTrue(noId.reason().contains("Field 'id' cannot be empty"), noId.reason());
        }
    }

    @Test
    void onlyWholeGoodPluginsContributeBackends() {
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(plugins).build()) {
            BackendInfo good = backend(rt, "good").orElseThrow();
            assertEquals("plugin " + GOOD + "@1.0.0", good.origin());
            assertTrue(good.available());
            assertEquals("fixture ready", good.reason());
            assertEquals(-20, good.priority());
            assertEquals(Device.Type.CPU, good.deviceType());

            for (String skipped : List.of("broken-start", "half-good", "exploding", "probe-throws", "incompatible")) {
                assertTrue(backend(rt, skipped).isEmpty(), skipped + " must not be registered: " + rt.backends());
            }
            assertTrue(backend(rt, "counting").isPresent());
            assertTrue(rt.problems().isEmpty(), rt.problems().toString());
        }
    }

    @Test
    void goodBackendIsSelectableAndLivesInItsPluginClassLoader() throws Exception {
        DefaultRuntime rt = new RuntimeBuilder().pluginsDir(plugins).backend("good").build();
        Backend b;
        ClassLoader pluginLoader;
        try {
            b = rt.backend(Device.CPU);
            assertEquals("good", b.name());
            pluginLoader = b.getClass().getClassLoader();
            assertInstanceOf(PluginClassLoader.class, pluginLoader);
            assertTrue(backend(rt, "good").orElseThrow().selected());
            assertTrue((Boolean) pluginLoader.loadClass("fixture.good.GoodPlugin").getField("started").get(null),
                    "the good plugin's Plugin-Class was started");
            assertFalse((Boolean) b.getClass().getMethod("isClosed").invoke(b));
        } finally {
            rt.close();
        }
        assertTrue((Boolean) b.getClass().getMethod("isClosed").invoke(b), "closing the runtime closes its backends");
        ClassLoader loader = pluginLoader;
        assertFalse((Boolean) loader.loadClass("fixture.good.GoodPlugin").getField("started").get(null),
                "closing the runtime stops its plugins");
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("fixture.good.LoadedLate"),
                "closing the runtime unloads its plugins (their class loaders are closed)");
    }

    @Test
    void reportListsPluginsBackendsReasonsAndTheServingBackend() {
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(plugins).backend("good").build()) {
            String report = RuntimeReport.render(rt);
            for (String expected : List.of("Plugins (9):", GOOD, "1.0.0", "STARTED", "FAILED", "INCOMPATIBLE", "INVALID",
                    "broken on purpose: start()", "broken on purpose: constructor", "built for kiln api 2.0.0",
                    plugins.resolve(GARBAGE).toString(), "plugin " + GOOD + "@1.0.0", "available: fixture ready  [selected]",
                    "cpu   -> good", "Forced backend: good (RuntimeBuilder.backend)")) {
                assertTrue(report.contains(expected), "report lacks '" + expected + "':\n" + report);
            }
        }
    }
}
