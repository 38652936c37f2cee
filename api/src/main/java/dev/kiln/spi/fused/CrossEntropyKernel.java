package dev.kiln.spi.fused;

import dev.kiln.spi.View;

/**
 * The forward of {@code F.cross_entropy} with class-index targets: log_softmax over the classes,
 * then each sample's negative log-likelihood. Core reduces the per-sample losses and keeps
 * {@code logProbs} for the backward pass.
 */
public interface CrossEntropyKernel {
    /**
     * @param logits   {@code [N, C]}
     * @param target   {@code [N]} int64 class indices; one outside {@code [0, C)} throws
     *                 {@link IndexOutOfBoundsException} naming the sample and the value
     * @param logProbs {@code [N, C]} out: {@code log_softmax(logits, 1)}
     * @param losses   {@code [N]} out: {@code -logProbs[i, target[i]]}
     * @return false when declined
     */
    boolean crossEntropy(View logits, View target, View logProbs, View losses);
}
