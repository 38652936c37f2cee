package dev.kiln.optim;

import dev.kiln.Tensor;
import dev.kiln.spi.Engine;

/**
 * One optimizer update of one parameter, in place and without autograd recording: the building blocks
 * of {@code SGD}, {@code Adam} and {@code AdamW}. Core runs the parameter's backend's fused kernel
 * ({@link dev.kiln.spi.fused.SgdStepKernel}, {@link dev.kiln.spi.fused.AdamStepKernel}) when it offers
 * one and does not decline the call, else the same rule composed from tensor ops; both follow the
 * update rule documented on those kernels (torch.optim's single-tensor form).
 *
 * <p>All tensors must have the parameter's shape, dtype (floating) and device; the state tensors are
 * updated in place and their storage must not overlap the parameter's or the gradient's.
 */
public final class Updates {
    private Updates() {}

    /**
     * {@code torch.optim.SGD}'s update (see {@link dev.kiln.spi.fused.SgdStepKernel}).
     *
     * @param momentumBuffer the momentum buffer, overwritten with the gradient when {@code firstStep};
     *                       null when {@code momentum == 0}
     * @param firstStep      true on the first update of this buffer (PyTorch's {@code buf is None})
     * @throws IllegalArgumentException for mismatched shapes, dtypes or devices, a non-floating dtype, or
     *                                  a missing momentum buffer
     */
    public static void sgd(Tensor param, Tensor grad, Tensor momentumBuffer, double lr, double momentum,
                           double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        Engine.get().sgdStep(param, grad, momentumBuffer, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    /**
     * {@code torch.optim.Adam}'s update, or {@code AdamW}'s with {@code decoupledWeightDecay} (see
     * {@link dev.kiln.spi.fused.AdamStepKernel}).
     *
     * @param maxExpAvgSq the running maximum of {@code expAvgSq} (amsgrad), null otherwise
     * @param step        the step number {@code t >= 1}, counting this update
     * @throws IllegalArgumentException for mismatched shapes, dtypes or devices, a non-floating dtype,
     *                                  {@code step < 1}, or a missing amsgrad buffer
     */
    public static void adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step,
                            double lr, double beta1, double beta2, double eps, double weightDecay,
                            boolean decoupledWeightDecay, boolean amsgrad) {
        Engine.get().adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, step, lr, beta1, beta2, eps, weightDecay,
                decoupledWeightDecay, amsgrad);
    }
}
