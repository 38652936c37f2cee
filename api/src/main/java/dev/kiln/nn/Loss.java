package dev.kiln.nn;

import dev.kiln.Tensor;

import java.util.Locale;

/**
 * A loss function as a layer (PyTorch's {@code nn.modules.loss._Loss}): {@link #forward(Tensor, Tensor)}
 * compares an input with a target and reduces over the batch as its {@link #reduction()} says.
 * A loss has no single-input forward.
 */
public abstract class Loss extends Layer {

    private final F.Reduction reduction;

    /**
     * A loss with the given reduction.
     *
     * @param reduction how the per-element losses are reduced
     * @throws IllegalArgumentException when {@code reduction} is null
     */
    protected Loss(F.Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(typeName() + ": reduction must not be null (valid: none, mean, sum)");
        this.reduction = reduction;
    }

    /** How the per-element losses are reduced ({@code self.reduction}). */
    public F.Reduction reduction() { return reduction; }

    /**
     * The loss of {@code input} against {@code target} ({@code criterion(input, target)}).
     *
     * @param input  the model's output
     * @param target what it should have been
     * @return the loss: a scalar for {@code MEAN} and {@code SUM}, per element for {@code NONE}
     */
    public abstract Tensor forward(Tensor input, Tensor target);

    /**
     * Refuses: a loss needs a target.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(typeName() + " takes an input and a target: call forward(input, target)");
    }

    /**
     * Parses PyTorch's reduction keyword.
     *
     * @param name {@code "none"}, {@code "mean"} or {@code "sum"}
     * @return the reduction
     * @throws IllegalArgumentException naming the valid values
     */
    public static F.Reduction parseReduction(String name) {
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "none": return F.Reduction.NONE;
                case "mean": return F.Reduction.MEAN;
                case "sum": return F.Reduction.SUM;
                default: break;
            }
        }
        throw new IllegalArgumentException(name + " is not a valid value for reduction (valid: none, mean, sum)");
    }
}
