package dev.kiln.core.optim;

import dev.kiln.Tensor;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.ops.FusedKernels;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.fused.SgdStepKernel;


/**
 * {@code torch.optim.SGD}'s update of one parameter (the rule on {@link SgdStepKernel}): the backend's
 * fused kernel when it offers one and accepts the call, else composed from in-place tensor ops, never
 * recorded by autograd.
 */
public final class SgdStep {
    private static final String OP = "sgd_step";

    private SgdStep() {}

    /** The update: the fused kernel when offered and not declined, else the composed form. */
    public static void step(Tensor param, Tensor grad, Tensor momentumBuffer, double lr, double momentum,
                            double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        run(true, param, grad, momentumBuffer, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    /**
     * The composed form only, never the backend's fused kernel (same validation): what a fused kernel is
     * compared with (the TCK).
     */
    public static void stepComposed(Tensor param, Tensor grad, Tensor momentumBuffer, double lr, double momentum,
                                    double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        run(false, param, grad, momentumBuffer, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    private static void run(boolean allowFused, Tensor param, Tensor grad, Tensor momentumBuffer, double lr,
                            double momentum, double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        TensorImpl p = StepOperands.param(OP, param);
        TensorImpl g = StepOperands.like(OP, "grad", p, grad, false);
        TensorImpl buf = null;
        if (momentum != 0) {
            if (momentumBuffer == null) {
                throw new IllegalArgumentException(OP + ": momentum is " + momentum + " but momentumBuffer is null");
            }
            buf = StepOperands.like(OP, "momentumBuffer", p, momentumBuffer, true, g);
        }
        if (p.numel() == 0) return;
        try (var off = GradMode.disable()) {
            // through core's lookup: cached per backend, off when the runtime switched fused kernels off, traced
            SgdStepKernel fused = allowFused ? FusedKernels.get(p.backend(), SgdStepKernel.class) : null;
            if (fused != null && FusedKernels.note(SgdStepKernel.class, fused.step(p.spiView(), g.spiView(), StepOperands.view(buf), lr, momentum,
                    dampening, weightDecay, nesterov, firstStep))) {
                StepOperands.bump(p, buf);
                return;
            }
            composed(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
        }
    }

    /** The composed form, as torch.optim's single-tensor SGD; runs with grad mode off. */
    static void composed(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening,
                         double weightDecay, boolean nesterov, boolean firstStep) {
        Tensor d = weightDecay != 0 ? g.add(p, weightDecay) : g;
        if (momentum != 0) {
            if (firstStep) buf.copy_(d);
            else buf.mul_(momentum).add_(d, 1 - dampening);
            d = nesterov ? d.add(buf, momentum) : buf;
        }
        p.add_(d, -lr);
    }
}
