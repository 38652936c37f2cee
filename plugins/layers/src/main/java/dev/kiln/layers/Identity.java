package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

/** Returns its input unchanged ({@code nn.Identity}): a placeholder where a layer is optional. */
public class Identity extends Layer {
    /** An identity. */
    public Identity() {}

    /** {@code input} itself. */
    @Override
    public Tensor forward(Tensor input) { return input; }
}
