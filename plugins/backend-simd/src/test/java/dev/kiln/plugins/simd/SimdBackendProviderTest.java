package dev.kiln.plugins.simd;

import dev.kiln.Device;
import dev.kiln.spi.Probe;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The provider: its probe's reasons, and the width and thread settings with their errors. */
class SimdBackendProviderTest {

    @Test
    void probeNamesTheSpeciesWhenAvailable() {
        Probe p = new SimdBackendProvider().probe();
        assertTrue(p.available(), p.reason());
        assertTrue(p.reason().matches("FloatVector\\.SPECIES_(128|256|512), \\d+ threads?"), p.reason());
    }

    @Test
    void unavailableWithoutTheVectorModule() {
        Probe p = SimdBackendProvider.probe(Optional.empty(), () -> fail("must not touch the vector classes"), 2,
                Optional.empty());
        assertFalse(p.available());
        assertEquals("jdk.incubator.vector is not readable: run with --add-modules jdk.incubator.vector", p.reason());
    }

    @Test
    void unavailableWhenTheSpeciesIsNarrowerThan128Bits() {
        Module vector = ModuleLayer.boot().findModule("jdk.incubator.vector").orElseThrow();
        Probe p = SimdBackendProvider.probe(Optional.of(vector), () -> 64, 2, Optional.empty());
        assertFalse(p.available());
        assertEquals("the CPU's preferred vector species is 64 bits wide; the simd backend needs at least 128 bits",
                p.reason());
    }

    @Test
    void unavailableWhenTheVectorModuleFailsToLoad() {
        Module vector = ModuleLayer.boot().findModule("jdk.incubator.vector").orElseThrow();
        Probe p = SimdBackendProvider.probe(Optional.of(vector), () -> { throw new NoClassDefFoundError("x"); }, 2,
                Optional.empty());
        assertFalse(p.available());
        assertTrue(p.reason().startsWith("jdk.incubator.vector failed to load"), p.reason());
    }

    @Test
    void probeNamesTheForcedWidth() {
        Module vector = ModuleLayer.boot().findModule("jdk.incubator.vector").orElseThrow();
        assertEquals("FloatVector.SPECIES_128 (forced by kiln.simd.bits; preferred 512), 1 thread",
                SimdBackendProvider.probe(Optional.of(vector), () -> 512, 1, Optional.of("128")).reason());
        assertEquals("FloatVector.SPECIES_256, 2 threads",
                SimdBackendProvider.probe(Optional.of(vector), () -> 256, 2, Optional.of("256")).reason());
        Probe invalid = SimdBackendProvider.probe(Optional.of(vector), () -> 256, 2, Optional.of("512"));
        assertTrue(invalid.available());
        assertEquals("FloatVector.SPECIES_256 (kiln.simd.bits='512' is invalid: creating the backend will fail), 2 threads",
                invalid.reason());
    }

    @Test
    void bitsSetting() {
        assertEquals(512, SimdBackendProvider.bits(Optional.empty(), 512));
        assertEquals(256, SimdBackendProvider.bits(Optional.of("256"), 512));
        assertEquals(128, SimdBackendProvider.bits(Optional.of(" 128 "), 256));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SimdBackendProvider.bits(Optional.of("64"), 512));
        assertEquals("simd: kiln.simd.bits (KILN_SIMD_BITS) must be 128, 256 or 512, got '64'", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimdBackendProvider.bits(Optional.of("wide"), 512));
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> SimdBackendProvider.bits(Optional.of("512"), 256));
        assertEquals("simd: kiln.simd.bits=512 is wider than this CPU's preferred vector species (256 bits);"
                + " valid here: 128 or 256", wide.getMessage());
    }

    @Test
    void threadsSetting() {
        assertEquals(2, SimdBackendProvider.threads(Optional.empty(), 2));
        assertEquals(7, SimdBackendProvider.threads(Optional.of("7"), 2));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SimdBackendProvider.threads(Optional.of("0"), 2));
        assertEquals("simd: kiln.threads (KILN_THREADS) must be a positive integer, got '0'", bad.getMessage());
    }

    @Test
    void servesTheCpuOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimdBackendProvider().create(new Device(Device.Type.CUDA, 0), null));
        assertTrue(e.getMessage().contains("serves the cpu only"), e.getMessage());
    }
}
