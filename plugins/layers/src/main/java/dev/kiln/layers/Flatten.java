package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

/**
 * Flattens dimensions {@code startDim..endDim} into one ({@code nn.Flatten}); by default every dimension
 * but the batch: {@code [N, 1, 28, 28] -> [N, 784]}.
 */
public class Flatten extends Layer {
    private final int startDim;
    private final int endDim;

    /** {@code Flatten(start_dim=1, end_dim=-1)}. */
    public Flatten() { this(1, -1); }

    /**
     * A flatten over a range of dimensions.
     *
     * @param startDim first dimension to flatten (negative counts from the end)
     * @param endDim   last dimension to flatten, inclusive (negative counts from the end)
     */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /** {@code start_dim}. */
    public int startDim() { return startDim; }

    /** {@code end_dim}. */
    public int endDim() { return endDim; }

    /** {@code input.flatten(start_dim, end_dim)}. */
    @Override
    public Tensor forward(Tensor input) { return input.flatten(startDim, endDim); }

    @Override
    protected String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
