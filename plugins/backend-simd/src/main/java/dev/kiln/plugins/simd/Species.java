package dev.kiln.plugins.simd;

import jdk.incubator.vector.FloatVector;

/** The CPU's preferred vector width; loading this class links {@code jdk.incubator.vector}. */
final class Species {
    private Species() {}

    /** Bits of {@code FloatVector.SPECIES_PREFERRED}. */
    static int preferredBits() { return FloatVector.SPECIES_PREFERRED.vectorBitSize(); }
}
