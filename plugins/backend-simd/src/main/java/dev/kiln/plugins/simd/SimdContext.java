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
    private final dev.kiln.plugins.simd.gemm.Matmul gemm;

    SimdContext(int bits, Parallel parallel) {
        VectorLoops.Pair loops = VectorLoops.forBits(bits);
        this.bits = bits;
        this.floats = loops.floats();
        this.doubles = loops.doubles();
        this.parallel = parallel;
        this.gemm = new dev.kiln.plugins.simd.gemm.Matmul(
                jdk.incubator.vector.FloatVector.SPECIES_128.withShape(jdk.incubator.vector.VectorShape.forBitSize(bits)),
                parallel.executor(), parallel.threads(), s -> SimdStorage.of(s, "simd.gemm").segment());
    }

    /** The packed GEMM (matmul, linear and conv2d run on it), on this width and pool. */
    public dev.kiln.plugins.simd.gemm.Matmul gemm() { return gemm; }

    /** The vector width in bits (128, 256 or 512). */
    public int bits() { return bits; }

    /** The backend's thread pool. */
    public Parallel parallel() { return parallel; }

    FloatLoops floats() { return floats; }

    DoubleLoops doubles() { return doubles; }
}
