package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

/**
 * {@code exp(x) / sum(exp(x))} along a dimension ({@code nn.Softmax(dim)}). The dimension is required:
 * PyTorch's implicit choice when it is omitted is deprecated there.
 */
public class Softmax extends Layer {
    private final int dim;

    /**
     * A softmax.
     *
     * @param dim the dimension the values sum to 1 along (negative counts from the end)
     */
    public Softmax(int dim) { this.dim = dim; }

    /** The dimension. */
    public int dim() { return dim; }

    /** {@code softmax(input, dim)}. */
    @Override
    public Tensor forward(Tensor input) { return input.softmax(dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
