package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

/** {@code 1 / (1 + exp(-x))} elementwise ({@code nn.Sigmoid}). */
public class Sigmoid extends Layer {
    /** A sigmoid. */
    public Sigmoid() {}

    /** {@code sigmoid(input)}. */
    @Override
    public Tensor forward(Tensor input) { return input.sigmoid(); }
}
