package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

/**
 * {@code log(softmax(x))} along a dimension, computed stably ({@code nn.LogSoftmax(dim)}); pairs with
 * {@link NLLLoss}. The dimension is required, as for {@link Softmax}.
 */
public class LogSoftmax extends Layer {
    private final int dim;

    /**
     * A log-softmax.
     *
     * @param dim the dimension (negative counts from the end)
     */
    public LogSoftmax(int dim) { this.dim = dim; }

    /** The dimension. */
    public int dim() { return dim; }

    /** {@code log_softmax(input, dim)}. */
    @Override
    public Tensor forward(Tensor input) { return input.logSoftmax(dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
