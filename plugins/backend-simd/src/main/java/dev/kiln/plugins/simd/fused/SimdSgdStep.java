package dev.kiln.plugins.simd.fused;

import dev.kiln.spi.View;
import dev.kiln.spi.fused.SgdStepKernel;

/**
 * One SGD update over contiguous float32/float64 parameters, gradients and momentum buffers of one dtype
 * (other layouts declined), vectorised, split over the pool for large parameters.
 */
public final class SimdSgdStep implements SgdStepKernel {
    static final long GRAIN = 1 << 16;

    private final FusedEnv env;
    private final StepsF32 f32;
    private final StepsF64 f64;

    public SimdSgdStep(FusedEnv env) {
        this.env = env;
        this.f32 = StepsF32.forBits(env.bits());
        this.f64 = StepsF64.forBits(env.bits());
    }

    @Override
    public boolean step(View param, View grad, View momentumBuffer, double lr, double momentum, double dampening,
                        double weightDecay, boolean nesterov, boolean firstStep) {
        long n = param.numel();
        if (n > Integer.MAX_VALUE || grad.numel() != n || (momentum != 0) != (momentumBuffer != null)
                || (momentumBuffer != null && momentumBuffer.numel() != n)) {
            return false;
        }
        boolean mom = momentumBuffer != null;
        float[] pf = Heap.floats(env, param);
        float[] gf = Heap.floats(env, grad);
        float[] bf = Heap.floats(env, momentumBuffer);
        if (pf != null && gf != null && (!mom || bf != null)) {
            int po = Heap.start(env, param);
            int go = Heap.start(env, grad);
            int bo = mom ? Heap.start(env, momentumBuffer) : 0;
            env.parallel().forRange(n, GRAIN, (a, b) -> f32.sgd(pf, po, gf, go, bf, bo, (int) a, (int) b, lr, momentum,
                    dampening, weightDecay, nesterov, firstStep));
            return true;
        }
        double[] pd = Heap.doubles(env, param);
        double[] gd = Heap.doubles(env, grad);
        double[] bd = Heap.doubles(env, momentumBuffer);
        if (pd != null && gd != null && (!mom || bd != null)) {
            int po = Heap.start(env, param);
            int go = Heap.start(env, grad);
            int bo = mom ? Heap.start(env, momentumBuffer) : 0;
            env.parallel().forRange(n, GRAIN, (a, b) -> f64.sgd(pd, po, gd, go, bd, bo, (int) a, (int) b, lr, momentum,
                    dampening, weightDecay, nesterov, firstStep));
            return true;
        }
        return false;
    }
}
