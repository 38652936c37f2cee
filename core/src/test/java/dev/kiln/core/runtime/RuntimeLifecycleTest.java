package dev.kiln.core.runtime;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.spi.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeLifecycleTest {
    @TempDir Path plugins;

    @AfterEach
    void clear() {
        System.clearProperty("kiln.lifecycle-test.setting");
    }

    private RuntimeBuilder builder(FixtureProvider... providers) {
        return new RuntimeBuilder().pluginsDir(plugins).module(FixtureProvider.module(providers));
    }

    @Test
    void backendsOpenLazilyOnceAndCloseInReverseOrder() {
        FixtureProvider base = FixtureProvider.available("lc-base", Device.Type.CPU, -5);
        FixtureProvider top = new FixtureProvider("lc-top", Device.Type.CPU, 5,
                dev.kiln.spi.Probe.available("fixture"), "lc-base");
        DefaultRuntime rt = builder(base, top).build();
        assertEquals(0, base.creates.get() + top.creates.get(), "nothing opens at build time");

        Backend b = rt.backend(Device.CPU);
        assertEquals("lc-top", b.name());
        assertSame(b, rt.backend(Device.CPU));
        assertEquals(1, top.creates.get());
        assertEquals(1, base.creates.get(), "the context opened the backend lc-top depends on");
        assertSame(((FixtureBackend) b).delegate, rt.backend("lc-base").orElseThrow());
        assertEquals(List.of("lc-base@cpu", "lc-top@cpu"), rt.openedBackends());

        FixtureBackend.CLOSED.clear();
        rt.close();
        assertEquals(List.of("lc-top", "lc-base"), FixtureBackend.CLOSED);
        assertThrows(IllegalStateException.class, () -> rt.backend(Device.CPU));
        rt.close(); // twice is harmless
        assertEquals(2, FixtureBackend.CLOSED.size());
    }

    @Test
    void namedLookupIsEmptyForUnknownOrUnavailableProviders() {
        FixtureProvider off = FixtureProvider.unavailable("lc-off", Device.Type.CPU, 0, "off");
        try (DefaultRuntime rt = builder(off).build()) {
            assertTrue(rt.backend("lc-off").isEmpty());
            assertTrue(rt.backend("missing").isEmpty());
        }
    }

    @Test
    void contextReadsKilnSystemPropertiesThenEnvironment() {
        FixtureProvider p = FixtureProvider.available("lc-settings", Device.Type.CPU, 10);
        try (DefaultRuntime rt = builder(p).build()) {
            rt.backend(Device.CPU);
            System.setProperty("kiln.lifecycle-test.setting", "42");
            assertEquals("42", p.lastContext.setting("lifecycle-test.setting").orElseThrow());
            assertTrue(p.lastContext.setting("lifecycle-test.unset").isEmpty());
        }
        assertEquals("KILN_LIFECYCLE_TEST_SETTING", Settings.envName("lifecycle-test.setting"));
        assertEquals("kiln.threads", Settings.propertyName("threads"));
    }

    @Test
    void aDependencyCycleIsAnErrorNotADeadlock() {
        FixtureProvider a = new FixtureProvider("lc-a", Device.Type.CPU, 1, dev.kiln.spi.Probe.available("a"), "lc-b");
        FixtureProvider b = new FixtureProvider("lc-b", Device.Type.CPU, 0, dev.kiln.spi.Probe.available("b"), "lc-a");
        try (DefaultRuntime rt = builder(a, b).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.backend(Device.CPU));
            assertTrue(e.getMessage().contains("failed to open cpu"), e.getMessage());
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            assertTrue(root.getMessage().contains("cycle: lc-a@cpu -> lc-b@cpu -> lc-a@cpu"), root.getMessage());
        }
    }

    @Test
    void concurrentFirstUseOpensOneBackend() throws Exception {
        FixtureProvider p = FixtureProvider.available("lc-concurrent", Device.Type.CPU, 10);
        try (DefaultRuntime rt = builder(p).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Backend>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return rt.backend(Device.CPU);
                    }));
                }
                go.countDown();
                Set<Backend> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                for (Future<Backend> f : results) distinct.add(f.get(10, TimeUnit.SECONDS));
                assertEquals(1, distinct.size());
                assertEquals(1, p.creates.get());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void builtRuntimeIsCurrentUntilClosedThenADefaultOneStarts() {
        DefaultRuntime rt = builder(FixtureProvider.available("lc-current", Device.Type.CPU, 0)).build();
        assertSame(rt, Runtimes.current());
        rt.close();
        KilnRuntime fresh = Runtimes.current();
        assertNotSame(rt, fresh);
        assertSame(fresh, Runtimes.current());
        DefaultRuntime explicit = builder().build();
        assertTrue(((DefaultRuntime) fresh).isClosed(), "building an explicit runtime closes the default one");
        explicit.close();
    }

    @Test
    void injectorIsBuiltOnceWithTheBackendMultibinding() {
        FixtureProvider p = FixtureProvider.available("lc-guice", Device.Type.CPU, 0);
        try (DefaultRuntime rt = builder(p).build()) {
            Set<dev.kiln.spi.BackendProvider> bound = rt.injector().getInstance(
                    com.google.inject.Key.get(new com.google.inject.TypeLiteral<Set<dev.kiln.spi.BackendProvider>>() {}));
            assertTrue(bound.contains(p));
            assertTrue(bound.stream().anyMatch(x -> x instanceof ClasspathFixtureProvider),
                    "class-path extensions are bound too: " + bound);
            assertSame(rt.injector().getInstance(BackendRegistry.class), rt.injector().getInstance(BackendRegistry.class));
        }
    }
}
