package dev.kiln.core.optim;

import dev.kiln.Tensor;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.ops.FusedKernels;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.fused.AdamStepKernel;


/**
 * {@code torch.optim.Adam}'s (and, with decoupled weight decay, {@code AdamW}'s) update of one parameter
 * (the rule on {@link AdamStepKernel}): the backend's fused kernel when it offers one and accepts the
 * call, else composed from in-place tensor ops, never recorded by autograd.
 */
public final class AdamStep {
    private static final String OP = "adam_step";

    private AdamStep() {}

    /** The update: the fused kernel when offered and not declined, else the composed form. */
    public static void step(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long t,
                            double lr, double beta1, double beta2, double eps, double weightDecay,
                            boolean decoupledWeightDecay, boolean amsgrad) {
        run(true, param, grad, expAvg, expAvgSq, maxExpAvgSq, t, lr, beta1, beta2, eps, weightDecay,
                decoupledWeightDecay, amsgrad);
    }

    /**
     * The composed form only, never the backend's fused kernel (same validation): what a fused kernel is
     * compared with (the TCK).
     */
    public static void stepComposed(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
                                    long t, double lr, double beta1, double beta2, double eps, double weightDecay,
                                    boolean decoupledWeightDecay, boolean amsgrad) {
        run(false, param, grad, expAvg, expAvgSq, maxExpAvgSq, t, lr, beta1, beta2, eps, weightDecay,
                decoupledWeightDecay, amsgrad);
    }

    private static void run(boolean allowFused, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
                            Tensor maxExpAvgSq, long t, double lr, double beta1, double beta2, double eps,
                            double weightDecay, boolean decoupledWeightDecay, boolean amsgrad) {
        TensorImpl p = StepOperands.param(OP, param);
        TensorImpl g = StepOperands.like(OP, "grad", p, grad, false);
        TensorImpl m = StepOperands.like(OP, "expAvg", p, expAvg, true, g);
        TensorImpl v = StepOperands.like(OP, "expAvgSq", p, expAvgSq, true, g, m);
        TensorImpl vMax = null;
        if (amsgrad) {
            if (maxExpAvgSq == null) throw new IllegalArgumentException(OP + ": amsgrad is true but maxExpAvgSq is null");
            vMax = StepOperands.like(OP, "maxExpAvgSq", p, maxExpAvgSq, true, g, m, v);
        }
        if (t < 1) throw new IllegalArgumentException(OP + ": step must be >= 1 (it counts this update), got " + t);
        if (p.numel() == 0) return;
        try (var off = GradMode.disable()) {
            // through core's lookup: cached per backend, off when the runtime switched fused kernels off, traced
            AdamStepKernel fused = allowFused ? FusedKernels.get(p.backend(), AdamStepKernel.class) : null;
            if (fused != null && FusedKernels.note(AdamStepKernel.class, fused.step(p.spiView(), g.spiView(), m.spiView(), v.spiView(),
                    StepOperands.view(vMax), t, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad))) {
                StepOperands.bump(p, m, v, vMax);
                return;
            }
            composed(p, g, m, v, vMax, t, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad);
        }
    }

    /** The composed form, as torch.optim's single-tensor Adam / AdamW; runs with grad mode off. */
    static void composed(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, long t, double lr, double beta1,
                         double beta2, double eps, double weightDecay, boolean decoupled, boolean amsgrad) {
        if (decoupled) {
            if (weightDecay != 0) p.mul_(1 - lr * weightDecay);
        } else if (weightDecay != 0) {
            g = g.add(p, weightDecay);
        }
        m.mul_(beta1).add_(g, 1 - beta1);
        v.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        Tensor second = v;
        if (amsgrad) {
            vMax.copy_(vMax.maximum(v));
            second = vMax;
        }
        Tensor denom = second.sqrt().div_(biasCorrection2Sqrt).add_(eps);
        p.add_(m.mul(-lr / biasCorrection1).div_(denom));
    }
}
