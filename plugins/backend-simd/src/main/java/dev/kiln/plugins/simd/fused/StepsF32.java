package dev.kiln.plugins.simd.fused;

/**
 * The steps kernels over float arrays; {@link StepsF32Template} is their code, defined once per vector width
 * by {@link PerWidth} so that its species is a JIT constant.
 */
interface StepsF32 {
    /** The copy for {@code bits}-wide vectors (128, 256 or 512). */
    static StepsF32 forBits(int bits) {
        return PerWidth.instance(StepsF32Template.class, StepsF32.class, bits);
    }

    /** {@code buf} may be null (no momentum). */
    void sgd(float[] p, int po, float[] g, int go, float[] buf, int bo, int from, int to, double lr, double momentum,
             double dampening, double weightDecay, boolean nesterov, boolean firstStep);

    /** {@code vMax} may be null (no amsgrad). */
    void adam(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, float[] vMax, int xo,
              int from, int to, long t, double lr, double beta1, double beta2, double eps, double weightDecay,
              boolean decoupled, boolean amsgrad);
}
