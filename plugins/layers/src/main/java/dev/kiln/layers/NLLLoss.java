package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import dev.kiln.nn.Loss;

/**
 * Negative log likelihood of log-probabilities {@code [N, C]} (or {@code [C]}) at int64 class indices
 * {@code [N]} ({@code nn.NLLLoss}); pairs with {@link LogSoftmax}. Class weights and {@code ignore_index}
 * are not supported.
 */
public class NLLLoss extends Loss {
    /** {@code NLLLoss(reduction='mean')}. */
    public NLLLoss() { this(F.Reduction.MEAN); }

    /**
     * A negative log likelihood.
     *
     * @param reduction none, mean or sum
     */
    public NLLLoss(F.Reduction reduction) { super(reduction); }

    /** {@code F.nll_loss(input, target, reduction)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.nllLoss(input, target, reduction()); }
}
