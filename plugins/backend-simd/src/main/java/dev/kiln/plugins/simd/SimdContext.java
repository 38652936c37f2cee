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
    private final long grain;

    /**
     * Elements of elementwise or reduction work below which a kernel stays on the calling thread (it
     * splits work of at least twice this). Measured with add on float32 (2 cores, other builds running,
     * so noisy): at 128K and 256K elements two threads were slower than one (16-21 us vs 14 us, 34 vs
     * 30 us: the data sits in L2/L3 and a fork-join hand-off costs several microseconds), at 1M about
     * even; so work is split from 512K elements (about 50 us of add) up.
     */
    static final long DEFAULT_GRAIN = 1L << 18;

    SimdContext(int bits, Parallel parallel) {
        this(bits, parallel, DEFAULT_GRAIN);
    }

    /** A context with another threading grain (tests use a small one so threaded paths run on small data). */
    SimdContext(int bits, Parallel parallel, long grain) {
        this.grain = grain;
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

    /** Elements below which elementwise and reduction work is not split (see {@link #DEFAULT_GRAIN}). */
    public long grain() { return grain; }

    FloatLoops floats() { return floats; }

    DoubleLoops doubles() { return doubles; }
}
