package dev.kiln.core.runtime;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime.BackendInfo;
import dev.kiln.KilnRuntime.PluginInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.RuntimeMode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginFolderTest {
    @TempDir Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("kiln.plugins");
        System.clearProperty("pf4j.mode");
    }

    private static void jar(Path file, Manifest manifest) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JarOutputStream jar = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            jar.write("not a plugin".getBytes());
            jar.closeEntry();
        }
    }

    private static Manifest manifest(String... keyValues) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < keyValues.length; i += 2) m.getMainAttributes().putValue(keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static PluginInfo plugin(DefaultRuntime rt, String fileOrId) {
        return rt.plugins().stream().filter(p -> p.id().equals(fileOrId) || p.path().getFileName().toString().equals(fileOrId))
                .findFirst().orElseThrow(() -> new AssertionError(fileOrId + " not in " + rt.plugins()));
    }

    @Test
    void missingFolderMeansNoPluginsAndClassPathExtensionsStillLoad() {
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(dir.resolve("does-not-exist")).build()) {
            assertTrue(rt.plugins().isEmpty());
            BackendInfo cp = rt.backends().stream().filter(b -> b.name().equals("test-classpath")).findFirst().orElseThrow();
            assertEquals("classpath", cp.origin());
            assertFalse(cp.available());
            assertEquals(ClasspathFixtureProvider.REASON, cp.reason());
            assertTrue(RuntimeReport.render(rt).contains("does not exist, no plugins loaded"));
        }
    }

    @Test
    void pluginsFolderComesFromTheSystemPropertyWhenTheBuilderHasNone() {
        System.setProperty("kiln.plugins", dir.toString());
        try (DefaultRuntime rt = new RuntimeBuilder().build()) {
            assertEquals(dir.toAbsolutePath().normalize(), rt.pluginsDir());
            assertEquals("system property kiln.plugins", rt.pluginsDirSource());
        }
    }

    @Test
    void jarsThatAreNotPluginsAreReportedInvalidAndEverythingElseKeepsWorking() throws IOException {
        Files.write(dir.resolve("garbage.jar"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        jar(dir.resolve("no-manifest.jar"), null);
        jar(dir.resolve("no-id.jar"), manifest("Plugin-Version", "1.0.0"));
        jar(dir.resolve("no-version.jar"), manifest("Plugin-Id", "versionless"));
        Files.writeString(dir.resolve("notes.txt"), "ignored: neither a jar nor a folder");
        FixtureProvider p = FixtureProvider.available("pf-good", dev.kiln.Device.Type.CPU, 10);
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(dir).module(FixtureProvider.module(p)).build()) {
            assertEquals(4, rt.plugins().size(), rt.plugins().toString());
            for (PluginInfo info : rt.plugins()) {
                assertEquals("INVALID", info.state(), info.toString());
                assertEquals("?", info.version());
                assertTrue(info.reason().startsWith("not a valid Kiln plugin: "), info.reason());
            }
            assertTrue(plugin(rt, "no-id.jar").reason().contains("Field 'id' cannot be empty"), plugin(rt, "no-id.jar").reason());
            assertTrue(plugin(rt, "no-version.jar").reason().contains("Field 'version' cannot be empty"),
                    plugin(rt, "no-version.jar").reason());
            assertTrue(plugin(rt, "garbage.jar").reason().length() > "not a valid Kiln plugin: ".length());
            assertEquals("pf-good", rt.backend(dev.kiln.Device.CPU).name());

            String report = RuntimeReport.render(rt);
            assertTrue(report.contains("Plugins (4):"), report);
            assertTrue(report.contains("garbage.jar"), report);
            assertTrue(report.contains("Field 'id' cannot be empty"), report);
            assertTrue(report.contains("cpu   -> pf-good"), report);
            assertTrue(report.contains("test-classpath"), report);
        }
    }

    @Test
    void foldersCountOnlyWhenLaidOutAsExplodedPlugins() throws IOException {
        Files.createDirectories(dir.resolve("source-tree/src/main/java"));
        Path exploded = Files.createDirectories(dir.resolve("exploded/META-INF"));
        try (OutputStream out = Files.newOutputStream(exploded.resolve("MANIFEST.MF"))) {
            manifest("Plugin-Version", "1.0.0").write(out);
        }
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(dir).build()) {
            assertEquals(1, rt.plugins().size(), rt.plugins().toString());
            PluginInfo info = plugin(rt, "exploded");
            assertEquals("INVALID", info.state());
            assertTrue(info.reason().contains("Field 'id' cannot be empty"), info.reason());
        }
    }

    @Test
    void pluginManagerRunsInDeploymentModeWhateverPf4jModeSays() {
        System.setProperty("pf4j.mode", "development");
        KilnPluginManager m = new KilnPluginManager(dir);
        assertEquals(RuntimeMode.DEPLOYMENT, m.getRuntimeMode());
        assertEquals(Kiln.API_VERSION, m.getSystemVersion());
        assertEquals(java.util.List.of(dir), m.getPluginsRoots());
    }

    @Test
    void pluginRequiresIsReadAsTheApiVersionThePluginWasBuiltFor() {
        KilnPluginManager m = new KilnPluginManager(dir);
        assertEquals(">=0.1.0 & <0.2.0", KilnPluginManager.constraintFor("0.1.0"));
        assertEquals(">=1.2.3 & <2.0.0", KilnPluginManager.constraintFor(" 1.2.3 "));
        assertEquals("", KilnPluginManager.constraintFor("*"));
        assertEquals("", KilnPluginManager.constraintFor(null));
        assertEquals(">=0.1.0 & <0.3.0", KilnPluginManager.constraintFor(">=0.1.0 & <0.3.0"));
        org.pf4j.VersionManager v = m.getVersionManager();
        assertTrue(v.checkVersionConstraint("0.1.0", KilnPluginManager.constraintFor("0.1.0")));
        assertTrue(v.checkVersionConstraint("0.1.5", KilnPluginManager.constraintFor("0.1.0")));
        assertFalse(v.checkVersionConstraint("0.2.0", KilnPluginManager.constraintFor("0.1.0")));
        assertFalse(v.checkVersionConstraint("0.1.0", KilnPluginManager.constraintFor("0.1.1")));
        assertFalse(v.checkVersionConstraint("0.1.0", KilnPluginManager.constraintFor("0.0.9")));
        assertFalse(v.checkVersionConstraint("0.1.0", KilnPluginManager.constraintFor("2.0.0")));
        assertTrue(v.checkVersionConstraint("1.4.0", KilnPluginManager.constraintFor("1.2.3")));
        assertFalse(v.checkVersionConstraint("2.0.0", KilnPluginManager.constraintFor("1.2.3")));
    }
}
