package dev.kiln.plugins.simd.fused;

import dev.kiln.spi.View;
import dev.kiln.spi.fused.AdamStepKernel;

/**
 * One Adam / AdamW update over contiguous float32/float64 operands of one dtype (other layouts declined),
 * vectorised, split over the pool for large parameters.
 */
public final class SimdAdamStep implements AdamStepKernel {
    private final FusedEnv env;
    private final StepsF32 f32;
    private final StepsF64 f64;

    public SimdAdamStep(FusedEnv env) {
        this.env = env;
        this.f32 = StepsF32.forBits(env.bits());
        this.f64 = StepsF64.forBits(env.bits());
    }

    @Override
    public boolean step(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, long t, double lr,
                        double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay,
                        boolean amsgrad) {
        long n = param.numel();
        if (n > Integer.MAX_VALUE || t < 1 || grad.numel() != n || expAvg.numel() != n || expAvgSq.numel() != n
                || amsgrad != (maxExpAvgSq != null) || (amsgrad && maxExpAvgSq.numel() != n)) {
            return false;
        }
        float[] pf = Heap.floats(env, param);
        float[] gf = Heap.floats(env, grad);
        float[] mf = Heap.floats(env, expAvg);
        float[] vf = Heap.floats(env, expAvgSq);
        float[] xf = Heap.floats(env, maxExpAvgSq);
        if (pf != null && gf != null && mf != null && vf != null && (!amsgrad || xf != null)) {
            int po = Heap.start(env, param), go = Heap.start(env, grad), mo = Heap.start(env, expAvg);
            int vo = Heap.start(env, expAvgSq), xo = amsgrad ? Heap.start(env, maxExpAvgSq) : 0;
            env.parallel().forRange(n, SimdSgdStep.GRAIN, (a, b) -> f32.adam(pf, po, gf, go, mf, mo, vf, vo, xf, xo,
                    (int) a, (int) b, t, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad));
            return true;
        }
        double[] pd = Heap.doubles(env, param);
        double[] gd = Heap.doubles(env, grad);
        double[] md = Heap.doubles(env, expAvg);
        double[] vd = Heap.doubles(env, expAvgSq);
        double[] xd = Heap.doubles(env, maxExpAvgSq);
        if (pd != null && gd != null && md != null && vd != null && (!amsgrad || xd != null)) {
            int po = Heap.start(env, param), go = Heap.start(env, grad), mo = Heap.start(env, expAvg);
            int vo = Heap.start(env, expAvgSq), xo = amsgrad ? Heap.start(env, maxExpAvgSq) : 0;
            env.parallel().forRange(n, SimdSgdStep.GRAIN, (a, b) -> f64.adam(pd, po, gd, go, md, mo, vd, vo, xd, xo,
                    (int) a, (int) b, t, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad));
            return true;
        }
        return false;
    }
}
