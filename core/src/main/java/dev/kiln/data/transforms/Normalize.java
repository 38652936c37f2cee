package dev.kiln.data.transforms;

import dev.kiln.Tensor;
import dev.kiln.data.Transform;

import java.util.Arrays;

/**
 * torchvision's {@code Normalize(mean, std)}: {@code (x[c] - mean[c]) / std[c]} for each channel of a
 * float tensor shaped {@code [..., C, H, W]}. One mean and one std apply to every channel.
 */
public final class Normalize implements Transform<Tensor, Tensor> {
    private final double[] mean;
    private final double[] std;

    /**
     * Normalizes with per-channel statistics.
     *
     * @param mean per-channel means (or one for all channels)
     * @param std  per-channel standard deviations (or one), none zero
     * @throws IllegalArgumentException when the lengths differ, are empty, or a std is zero
     */
    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean and std need the same, nonzero length, got mean "
                    + Arrays.toString(mean) + " and std " + Arrays.toString(std));
        }
        for (double s : std) {
            if (s == 0) throw new IllegalArgumentException("Normalize: std evaluated to zero in " + Arrays.toString(std)
                    + ", leading to division by zero");
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** {@code Normalize((m,), (s,))} for one-channel images. */
    public Normalize(double mean, double std) { this(new double[] {mean}, new double[] {std}); }

    @Override
    public Tensor apply(Tensor x) {
        if (x.dim() < 3 || !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Normalize: expected a float tensor of shape [..., C, H, W], got "
                    + Arrays.toString(x.shape()) + " (" + x.dtype().torchName() + "); apply ToTensor first");
        }
        int c = x.size(x.dim() - 3);
        if (mean.length != 1 && mean.length != c) {
            throw new IllegalArgumentException("Normalize: " + mean.length + " means and stds for an image of " + c
                    + " channels (shape " + Arrays.toString(x.shape()) + "); give " + c + " values or one");
        }
        int n = mean.length;
        Tensor m = Tensor.of(mean).to(x.dtype()).view(n, 1, 1);
        Tensor s = Tensor.of(std).to(x.dtype()).view(n, 1, 1);
        return x.sub(m).div(s);
    }

    @Override
    public String toString() { return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")"; }
}
