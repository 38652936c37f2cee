package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

/** Hyperbolic tangent elementwise ({@code nn.Tanh}). */
public class Tanh extends Layer {
    /** A tanh. */
    public Tanh() {}

    /** {@code tanh(input)}. */
    @Override
    public Tensor forward(Tensor input) { return input.tanh(); }
}
