package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

/** {@code max(0, x)} elementwise ({@code nn.ReLU}). */
public class ReLU extends Layer {
    private final boolean inplace;

    /** A ReLU that returns a new tensor. */
    public ReLU() { this(false); }

    /**
     * A ReLU.
     *
     * @param inplace true: overwrite the input ({@code relu_}) instead of returning a new tensor
     */
    public ReLU(boolean inplace) { this.inplace = inplace; }

    /** Whether the input is overwritten. */
    public boolean inplace() { return inplace; }

    /** {@code relu(input)}. */
    @Override
    public Tensor forward(Tensor input) { return inplace ? input.relu_() : input.relu(); }

    @Override
    protected String extraRepr() { return inplace ? "inplace=True" : ""; }
}
