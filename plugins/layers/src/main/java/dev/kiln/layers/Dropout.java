package dev.kiln.layers;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.TensorOptions;
import dev.kiln.autograd.GradScope;
import dev.kiln.nn.Layer;

/**
 * Zeroes each element with probability {@code p} in training and scales the rest by {@code 1/(1-p)}
 * ({@code nn.Dropout}); the identity in evaluation mode. The mask comes from {@link Tensor#rand}, so it is
 * seeded by {@link Kiln#manualSeed}, and the output is {@code input * mask}: its gradient is the recorded
 * multiplication's ({@code MulBackward0}, where PyTorch names its fused node {@code NativeDropoutBackward0}).
 */
public class Dropout extends Layer {
    private final double p;

    /** {@code Dropout(p=0.5)}. */
    public Dropout() { this(0.5); }

    /**
     * A dropout.
     *
     * @param p probability of an element being zeroed, in {@code [0, 1]}
     * @throws IllegalArgumentException when {@code p} is outside {@code [0, 1]}
     */
    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    /** The drop probability. */
    public double p() { return p; }

    /** {@code input * mask / (1 - p)} in training, {@code input} in evaluation. */
    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) return input;
        if (p == 1) return input.mul(0.0);   // as PyTorch: input * 0 (a NaN stays NaN)
        Tensor mask;
        try (GradScope off = Kiln.noGrad()) {
            // keep where u < 1 - p, i.e. with probability 1 - p; kept elements carry the scale
            Tensor u = Tensor.rand(new TensorOptions(input.dtype(), input.device()), input.shape());
            mask = u.lt(1 - p).to(input.dtype()).mul_(1 / (1 - p));
        }
        return input.mul(mask);
    }

    @Override
    protected String extraRepr() { return "p=" + Init.py(p) + ", inplace=False"; }
}
