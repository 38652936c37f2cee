package dev.kiln.spi.fused;

import dev.kiln.spi.View;

/**
 * One {@code torch.optim.Adam} (or {@code AdamW} with {@code decoupledWeightDecay}) update of one
 * parameter, in place, with step {@code t >= 1}:
 * <pre>
 * if decoupled:  param *= 1 - lr * weightDecay     else: g = grad + weightDecay * param
 * m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g * g
 * if amsgrad:    vMax = max(vMax, v);  v' = vMax     else: v' = v
 * param -= lr / (1 - beta1^t) * m / (sqrt(v') / sqrt(1 - beta2^t) + eps)
 * </pre>
 */
public interface AdamStepKernel {
    /**
     * @param expAvg      first moment, updated in place
     * @param expAvgSq    second moment, updated in place
     * @param maxExpAvgSq running maximum of the second moment (amsgrad), or null
     * @return false when declined
     */
    boolean step(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, long t, double lr,
                 double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay,
                 boolean amsgrad);
}
