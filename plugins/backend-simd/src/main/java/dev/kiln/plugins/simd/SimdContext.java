package dev.kiln.plugins.simd;

/**
 * What every kernel of one {@link SimdBackend} shares: the vector width it was created with and its
 * thread pool. Public so the gemm and fused packages run on the same width and pool.
 */
public final class SimdContext {
    private final int bits;
    private final FloatLoops floats;
    private final DoubleLoops doubles;
    private final Parallel parallel;

    SimdContext(int bits, Parallel parallel) {
        VectorLoops.Pair loops = VectorLoops.forBits(bits);
        this.bits = bits;
        this.floats = loops.floats();
        this.doubles = loops.doubles();
        this.parallel = parallel;
    }

    /** The vector width in bits (128, 256 or 512). */
    public int bits() { return bits; }

    /** The backend's thread pool. */
    public Parallel parallel() { return parallel; }

    FloatLoops floats() { return floats; }

    DoubleLoops doubles() { return doubles; }
}
