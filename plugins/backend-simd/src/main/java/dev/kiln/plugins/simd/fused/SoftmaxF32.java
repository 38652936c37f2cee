package dev.kiln.plugins.simd.fused;

/**
 * The softmax kernels over float arrays; {@link SoftmaxF32Template} is their code, defined once per vector width
 * by {@link PerWidth} so that its species is a JIT constant.
 */
interface SoftmaxF32 {
    /** The copy for {@code bits}-wide vectors (128, 256 or 512). */
    static SoftmaxF32 forBits(int bits) {
        return PerWidth.instance(SoftmaxF32Template.class, SoftmaxF32.class, bits);
    }

    /** One row of {@code len} consecutive elements; returns {@code log(sum(exp(x - max)))} plus the max. */
    float row(float[] x, int xo, float[] y, int yo, int len, boolean log);

    /**
     * Blocks {@code [from, to)} of {@code len x inner} elements, normalised over {@code len} with stride
     * {@code inner}, vectorised across the inner index; {@code mx} and {@code sum} are scratch of {@code inner}.
     */
    void strided(float[] x, int xo, float[] y, int yo, int from, int to, int len, int inner, boolean log,
                 float[] mx, float[] sum);
}
