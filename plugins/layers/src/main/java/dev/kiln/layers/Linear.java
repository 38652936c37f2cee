package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import dev.kiln.nn.Layer;

/**
 * {@code y = x W^T + b} ({@code nn.Linear}): weight {@code [out_features, in_features]}, bias
 * {@code [out_features]}, both initialised {@code U(-1/sqrt(in_features), 1/sqrt(in_features))} as PyTorch does.
 */
public class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final boolean hasBias;

    /**
     * A linear layer with a bias.
     *
     * @param inFeatures  size of each input sample
     * @param outFeatures size of each output sample
     */
    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

    /**
     * A linear layer.
     *
     * @param inFeatures  size of each input sample (positive)
     * @param outFeatures size of each output sample (positive)
     * @param bias        whether to learn an additive bias
     * @throws IllegalArgumentException for a non-positive size
     */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this.inFeatures = Init.positive("Linear", "in_features", inFeatures);
        this.outFeatures = Init.positive("Linear", "out_features", outFeatures);
        this.hasBias = bias;
        registerParameter("weight", Init.uniformFanIn(inFeatures, outFeatures, inFeatures));
        if (bias) registerParameter("bias", Init.uniformFanIn(inFeatures, outFeatures));
    }

    /** The weight {@code [out_features, in_features]}. */
    public Tensor weight() { return parameter("weight"); }

    /** The bias {@code [out_features]}, or null without one. */
    public Tensor bias() { return hasBias ? parameter("bias") : null; }

    /** {@code in_features}. */
    public int inFeatures() { return inFeatures; }

    /** {@code out_features}. */
    public int outFeatures() { return outFeatures; }

    /** {@code F.linear(input, weight, bias)} over the last dimension of {@code input}. */
    @Override
    public Tensor forward(Tensor input) { return F.linear(input, weight(), bias()); }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Init.py(hasBias);
    }
}
