package dev.kiln.plugins.simd.fused;

/**
 * The steps kernels over double arrays; {@link StepsF64Template} is their code, defined once per vector width
 * by {@link PerWidth} so that its species is a JIT constant.
 */
interface StepsF64 {
    /** The copy for {@code bits}-wide vectors (128, 256 or 512). */
    static StepsF64 forBits(int bits) {
        return PerWidth.instance(StepsF64Template.class, StepsF64.class, bits);
    }

    /** {@code buf} may be null (no momentum). */
    void sgd(double[] p, int po, double[] g, int go, double[] buf, int bo, int from, int to, double lr, double momentum,
             double dampening, double weightDecay, boolean nesterov, boolean firstStep);

    /** {@code vMax} may be null (no amsgrad). */
    void adam(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo, double[] vMax, int xo,
              int from, int to, long t, double lr, double beta1, double beta2, double eps, double weightDecay,
              boolean decoupled, boolean amsgrad);
}
