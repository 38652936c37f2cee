package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import dev.kiln.nn.Loss;

/** Mean squared error {@code (input - target)^2}, reduced ({@code nn.MSELoss}). */
public class MSELoss extends Loss {
    /** {@code MSELoss(reduction='mean')}. */
    public MSELoss() { this(F.Reduction.MEAN); }

    /**
     * A mean squared error.
     *
     * @param reduction none, mean or sum
     */
    public MSELoss(F.Reduction reduction) { super(reduction); }

    /** {@code F.mse_loss(input, target, reduction)}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.mseLoss(input, target, reduction()); }
}
