package dev.kiln.plugins.simd;

import dev.kiln.spi.Probe;

/** Prints the provider's probe; {@link ProbeWithoutVectorModuleTest} runs it in a JVM without the vector module. */
public final class ProbeMain {
    private ProbeMain() {}

    public static void main(String[] args) {
        Probe p = new SimdBackendProvider().probe();
        System.out.println(p.available() + "|" + p.reason());
    }
}
