package dev.kiln.plugins.simd.fused;

/**
 * The softmax kernels over double arrays; {@link SoftmaxF64Template} is their code, defined once per vector width
 * by {@link PerWidth} so that its species is a JIT constant.
 */
interface SoftmaxF64 {
    /** The copy for {@code bits}-wide vectors (128, 256 or 512). */
    static SoftmaxF64 forBits(int bits) {
        return PerWidth.instance(SoftmaxF64Template.class, SoftmaxF64.class, bits);
    }

    /** One row of {@code len} consecutive elements; returns {@code log(sum(exp(x - max)))} plus the max. */
    double row(double[] x, int xo, double[] y, int yo, int len, boolean log);

    /**
     * Blocks {@code [from, to)} of {@code len x inner} elements, normalised over {@code len} with stride
     * {@code inner}, vectorised across the inner index; {@code mx} and {@code sum} are scratch of {@code inner}.
     */
    void strided(double[] x, int xo, double[] y, int yo, int from, int to, int len, int inner, boolean log,
                 double[] mx, double[] sum);
}
