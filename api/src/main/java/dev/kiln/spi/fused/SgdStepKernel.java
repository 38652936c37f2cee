package dev.kiln.spi.fused;

import dev.kiln.spi.View;

/**
 * One {@code torch.optim.SGD} update of one parameter, in place:
 * <pre>
 * g = grad + weightDecay * param
 * if momentum != 0:  buf = firstStep ? g : momentum * buf + (1 - dampening) * g
 *                    g = nesterov ? g + momentum * buf : buf
 * param -= lr * g
 * </pre>
 */
public interface SgdStepKernel {
    /**
     * @param param          updated in place
     * @param grad           same shape and dtype
     * @param momentumBuffer updated in place; null when {@code momentum == 0}
     * @return false when declined
     */
    boolean step(View param, View grad, View momentumBuffer, double lr, double momentum, double dampening,
                 double weightDecay, boolean nesterov, boolean firstStep);
}
