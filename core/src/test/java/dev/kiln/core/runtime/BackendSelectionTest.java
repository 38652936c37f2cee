package dev.kiln.core.runtime;

import dev.kiln.Device;
import dev.kiln.KilnRuntime.BackendInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendSelectionTest {
    @TempDir Path plugins;

    @AfterEach
    void clearProperties() {
        System.clearProperty("kiln.backend");
    }

    private RuntimeBuilder builder(FixtureProvider... providers) {
        return new RuntimeBuilder().pluginsDir(plugins.resolve("none")).module(FixtureProvider.module(providers));
    }

    private static BackendInfo info(DefaultRuntime rt, String name) {
        return rt.backends().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void highestPriorityAvailableProviderServesItsDeviceType() {
        FixtureProvider low = FixtureProvider.available("low", Device.Type.CPU, 1);
        FixtureProvider high = FixtureProvider.available("high", Device.Type.CPU, 5);
        FixtureProvider best = FixtureProvider.unavailable("best", Device.Type.CPU, 50, "needs a widget");
        try (DefaultRuntime rt = builder(low, high, best).build()) {
            assertEquals("high", rt.backend(Device.CPU).name());
            assertTrue(info(rt, "high").selected());
            assertFalse(info(rt, "low").selected());
            BackendInfo unavailable = info(rt, "best");
            assertFalse(unavailable.available());
            assertEquals("needs a widget", unavailable.reason());
            assertEquals("module", unavailable.origin());
            assertEquals(0, low.creates.get() + best.creates.get(), "only the selected backend is opened");
        }
    }

    @Test
    void forcedBackendServesItsDeviceTypeOnly() {
        FixtureProvider cpuHigh = FixtureProvider.available("cpu-high", Device.Type.CPU, 5);
        FixtureProvider cpuLow = FixtureProvider.available("cpu-low", Device.Type.CPU, -10);
        FixtureProvider gpu = FixtureProvider.available("gpu", Device.Type.CUDA, 0);
        try (DefaultRuntime rt = builder(cpuHigh, cpuLow, gpu).backend("cpu-low").build()) {
            assertEquals("cpu-low", rt.backend(Device.CPU).name());
            assertEquals("gpu", rt.backend(Device.CUDA).name());
            assertTrue(info(rt, "cpu-low").selected());
            assertFalse(info(rt, "cpu-high").selected());
            assertEquals("cpu-low", rt.forcedBackend().orElseThrow());
        }
    }

    @Test
    void systemPropertyForcesTheBackendAndTheBuilderOverridesIt() {
        FixtureProvider a = FixtureProvider.available("a", Device.Type.CPU, 5);
        FixtureProvider b = FixtureProvider.available("b", Device.Type.CPU, 1);
        System.setProperty("kiln.backend", "b");
        try (DefaultRuntime rt = builder(a, b).build()) {
            assertEquals("b", rt.backend(Device.CPU).name());
            assertEquals("system property kiln.backend", rt.forcedBackendSource().orElseThrow());
        }
        try (DefaultRuntime rt = builder(a, b).backend("a").build()) {
            assertEquals("a", rt.backend(Device.CPU).name());
        }
    }

    @Test
    void unknownForcedBackendIsAnErrorThatListsWhatIsAvailable() {
        FixtureProvider a = FixtureProvider.available("a", Device.Type.CPU, 5);
        FixtureProvider off = FixtureProvider.unavailable("off", Device.Type.CPU, 9, "switched off");
        try (DefaultRuntime rt = builder(a, off).backend("nope").build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.backend(Device.CPU));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
            assertTrue(e.getMessage().contains("no backend provider has that name"), e.getMessage());
            assertTrue(e.getMessage().contains("available backends: "), e.getMessage());
            assertTrue(e.getMessage().contains("a (cpu, priority 5)"), e.getMessage());
            assertFalse(e.getMessage().contains("off (cpu"), e.getMessage());
            assertTrue(rt.backends().stream().noneMatch(BackendInfo::selected));
        }
    }

    @Test
    void unavailableForcedBackendIsAnErrorWithItsReason() {
        FixtureProvider a = FixtureProvider.available("a", Device.Type.CPU, 5);
        FixtureProvider off = FixtureProvider.unavailable("off", Device.Type.CPU, 9, "no widget driver: libwidget.so not found");
        try (DefaultRuntime rt = builder(a, off).backend("off").build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.backend(Device.CPU));
            assertTrue(e.getMessage().contains("backend 'off' was forced by RuntimeBuilder.backend, but it is unavailable: "
                    + "no widget driver: libwidget.so not found; available backends: "), e.getMessage());
            assertTrue(e.getMessage().contains("a (cpu, priority 5)"), e.getMessage());
            assertEquals(0, off.creates.get());
        }
    }

    @Test
    void deviceTypeWithoutAnyProviderSaysSo() {
        try (DefaultRuntime rt = builder(FixtureProvider.available("a", Device.Type.CPU, 0)).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.backend(Device.CUDA));
            assertTrue(e.getMessage().startsWith("cuda:0: no backend available for cuda: no backend provider for cuda is installed"),
                    e.getMessage());
        }
    }

    @Test
    void providerThatThrowsWhenAskedIsSkippedAndReported() {
        FixtureProvider good = FixtureProvider.available("good", Device.Type.CPU, 10);
        FixtureProvider throwing = new FixtureProvider("bad", Device.Type.CPU, 100, null, null) {
            @Override
            public dev.kiln.spi.Probe probe() {
                throw new IllegalStateException("probe exploded");
            }
        };
        try (DefaultRuntime rt = builder(good, throwing).build()) {
            assertEquals("good", rt.backend(Device.CPU).name());
            assertTrue(rt.backends().stream().noneMatch(b -> b.name().equals("bad")));
            assertEquals(1, rt.problems().size(), rt.problems().toString());
            assertTrue(rt.problems().getFirst().contains("probe() threw IllegalStateException: probe exploded"),
                    rt.problems().toString());
            assertTrue(RuntimeReport.render(rt).contains("probe exploded"));
        }
    }

    @Test
    void duplicateNameIsListedAsUnavailableAndTheFirstOneServes() {
        FixtureProvider first = FixtureProvider.available("twin", Device.Type.CPU, 50);
        FixtureProvider second = FixtureProvider.available("twin", Device.Type.CPU, 99);
        try (DefaultRuntime rt = builder(first, second).build()) {
            rt.backend(Device.CPU);
            assertEquals(1, first.creates.get());
            assertEquals(0, second.creates.get());
            BackendInfo dup = rt.backends().stream().filter(b -> b.name().equals("twin") && !b.available()).findFirst().orElseThrow();
            assertTrue(dup.reason().startsWith("duplicate name"), dup.reason());
        }
    }
}
