package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;
import dev.kiln.spi.Engine;

import java.util.Arrays;

/**
 * 2-D convolution ({@code nn.Conv2d}) of {@code [N, C_in, H, W]} (or unbatched {@code [C_in, H, W]}) with
 * weight {@code [C_out, C_in, kH, kW]} and bias {@code [C_out]}, zero padding, stride; both parameters
 * initialised {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} with {@code fan_in = C_in * kH * kW}, as PyTorch does.
 * Dilation and groups other than 1 are not supported.
 */
public class Conv2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final String paddingMode;   // "same" or "valid" when given by name, else null
    private final boolean hasBias;

    /**
     * A convolution with a square kernel, stride 1, no padding and a bias ({@code nn.Conv2d(1, 6, 5)}).
     *
     * @param inChannels  input channels
     * @param outChannels output channels
     * @param kernelSize  kernel height and width
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /**
     * A convolution with a square kernel and a bias.
     *
     * @param inChannels  input channels
     * @param outChannels output channels
     * @param kernelSize  kernel height and width
     * @param stride      stride in both dimensions
     * @param padding     zero padding on every side
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
             new int[] {padding, padding}, true);
    }

    /**
     * A convolution.
     *
     * @param inChannels  input channels (positive)
     * @param outChannels output channels (positive)
     * @param kernelSize  {@code {kH, kW}}, positive
     * @param stride      {@code {sH, sW}}, positive
     * @param padding     {@code {pH, pW}}, zero or more, added on both sides
     * @param bias        whether to learn an additive bias
     * @throws IllegalArgumentException for a bad size
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, pair("padding", padding, 0), null, bias);
    }

    /**
     * A convolution with padding given by name, as PyTorch's {@code padding='same'} or {@code 'valid'}.
     *
     * @param inChannels  input channels (positive)
     * @param outChannels output channels (positive)
     * @param kernelSize  {@code {kH, kW}}, positive
     * @param stride      {@code {sH, sW}}, positive
     * @param padding     {@code "valid"} (no padding) or {@code "same"} (output as large as the input: stride 1 and
     *                    odd kernel sizes only, since Kiln pads symmetrically)
     * @param bias        whether to learn an additive bias
     * @throws IllegalArgumentException for a bad size or padding
     */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, boolean bias) {
        this(inChannels, outChannels, kernelSize, stride, namedPadding(kernelSize, stride, padding), padding, bias);
    }

    private Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, String paddingMode,
                   boolean bias) {
        this.inChannels = Init.positive("Conv2d", "in_channels", inChannels);
        this.outChannels = Init.positive("Conv2d", "out_channels", outChannels);
        this.kernelSize = pair("kernel_size", kernelSize, 1);
        this.stride = pair("stride", stride, 1);
        this.padding = padding;
        this.paddingMode = paddingMode;
        this.hasBias = bias;
        int fanIn = inChannels * this.kernelSize[0] * this.kernelSize[1];
        registerParameter("weight", Init.uniformFanIn(fanIn, outChannels, inChannels, this.kernelSize[0], this.kernelSize[1]));
        if (bias) registerParameter("bias", Init.uniformFanIn(fanIn, outChannels));
    }

    private static int[] namedPadding(int[] kernelSize, int[] stride, String padding) {
        int[] k = pair("kernel_size", kernelSize, 1);
        int[] st = pair("stride", stride, 1);
        if ("valid".equals(padding)) return new int[] {0, 0};
        if (!"same".equals(padding)) {
            throw new IllegalArgumentException("Conv2d: invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
        }
        if (st[0] != 1 || st[1] != 1) {
            throw new IllegalArgumentException("Conv2d: padding='same' is not supported for strided convolutions");
        }
        if (k[0] % 2 == 0 || k[1] % 2 == 0) {
            throw new IllegalArgumentException("Conv2d: padding='same' needs odd kernel sizes here (Kiln pads symmetrically), got "
                    + Init.tuple(k));
        }
        return new int[] {(k[0] - 1) / 2, (k[1] - 1) / 2};
    }

    private static int[] pair(String arg, int[] v, int min) {
        if (v == null || v.length != 2) {
            throw new IllegalArgumentException("Conv2d: " + arg + " must have 2 values (height, width), got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        for (int x : v) {
            if (x < min) throw new IllegalArgumentException("Conv2d: " + arg + " must be >= " + min + ", got " + Arrays.toString(v));
        }
        return v.clone();
    }

    /** The weight {@code [C_out, C_in, kH, kW]}. */
    public Tensor weight() { return parameter("weight"); }

    /** The bias {@code [C_out]}, or null without one. */
    public Tensor bias() { return hasBias ? parameter("bias") : null; }

    /** {@code in_channels}. */
    public int inChannels() { return inChannels; }

    /** {@code out_channels}. */
    public int outChannels() { return outChannels; }

    /** {@code kernel_size} as {@code {kH, kW}}. */
    public int[] kernelSize() { return kernelSize.clone(); }

    /** {@code stride} as {@code {sH, sW}}. */
    public int[] stride() { return stride.clone(); }

    /** {@code padding} as {@code {pH, pW}} (resolved from {@code "same"}/{@code "valid"} when given by name). */
    public int[] padding() { return padding.clone(); }

    /** {@code F.conv2d(input, weight, bias, stride, padding)}. */
    @Override
    public Tensor forward(Tensor input) {
        return Engine.get().conv2d(input, weight(), bias(), stride, padding);
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(Init.tuple(kernelSize)).append(", stride=").append(Init.tuple(stride));
        if (paddingMode != null) s.append(", padding=").append(paddingMode);   // PyTorch prints the name it was given
        else if (padding[0] != 0 || padding[1] != 0) s.append(", padding=").append(Init.tuple(padding));
        if (!hasBias) s.append(", bias=False");
        return s.toString();
    }
}
