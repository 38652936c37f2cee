package dev.kiln.core.random;

/**
 * The runtime's counter-based generator: element {@code i} of draw {@code c} is a hash of
 * {@code (seed, counter)}, computed on the host, so the same seed gives the same numbers whatever backend
 * receives them. A draw reserves a block of counters, so concurrent draws never overlap.
 */
public final class Generator {
    /** PyTorch's default seed, so an unseeded run is repeatable too. */
    private static final long DEFAULT_SEED = 67280421310721L;
    private static final Generator GLOBAL = new Generator(DEFAULT_SEED);

    private long seed;
    private long counter;

    public Generator(long seed) { manualSeed(seed); }

    /** The process-wide generator that {@code Kiln.manualSeed} seeds. */
    public static Generator global() { return GLOBAL; }

    public synchronized void manualSeed(long s) {
        seed = s;
        counter = 0;
    }

    private synchronized long reserve(long n) {
        long start = counter;
        counter += n;
        return start;
    }

    /** SplitMix64's finaliser over seed and counter: a strong 64-bit mix. */
    private static long mix(long seed, long c) {
        long z = seed * 0x9E3779B97F4A7C15L + c * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** n uniforms on [0, 1) with 53 random bits. */
    public double[] uniform(int n) {
        long base = reserve(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = (mix(seed, base + i) >>> 11) * 0x1.0p-53;
        return out;
    }

    /** n uniforms on [0, 1) with 24 random bits, exactly representable in float32 and below 1. */
    public double[] uniformFloat(int n) {
        long base = reserve(n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = (mix(seed, base + i) >>> 40) * 0x1.0p-24;
        return out;
    }

    /** n standard normals (Box-Muller over pairs of uniforms). */
    public double[] normal(int n) {
        long base = reserve(2L * n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = ((mix(seed, base + 2L * i) >>> 11) + 1) * 0x1.0p-53; // (0, 1]
            double u2 = (mix(seed, base + 2L * i + 1) >>> 11) * 0x1.0p-53;
            out[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return out;
    }

    /** n integers uniform on [low, high), unbiased (rejection-free multiply-shift on 64 bits). */
    public long[] integers(long low, long high, int n) {
        long range = high - low;
        long base = reserve(n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = low + Math.unsignedMultiplyHigh(mix(seed, base + i), range);
        return out;
    }
}
