package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import dev.kiln.nn.Loss;

/**
 * Cross entropy of unnormalised logits {@code [N, C]} (or {@code [C]}) against int64 class indices
 * {@code [N]}, or against class probabilities of the input's shape ({@code nn.CrossEntropyLoss}):
 * {@code NLLLoss(LogSoftmax(input, 1), target)}. Class weights, {@code ignore_index} and label smoothing
 * are not supported.
 */
public class CrossEntropyLoss extends Loss {
    /** {@code CrossEntropyLoss(reduction='mean')}. */
    public CrossEntropyLoss() { this(F.Reduction.MEAN); }

    /**
     * A cross entropy.
     *
     * @param reduction none, mean or sum
     */
    public CrossEntropyLoss(F.Reduction reduction) { super(reduction); }

    /** {@code F.cross_entropy(input, target, reduction)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.crossEntropy(input, target, reduction()); }
}
