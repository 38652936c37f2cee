package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.F;
import dev.kiln.nn.Layer;

/**
 * 2-D max pooling over square windows ({@code nn.MaxPool2d}); the stride defaults to the kernel size.
 * Dilation other than 1 and {@code ceil_mode} are not supported.
 */
public class MaxPool2d extends Layer {
    private final int kernelSize;
    private final int stride;
    private final int padding;

    /**
     * Pooling with stride equal to the window ({@code nn.MaxPool2d(2)}).
     *
     * @param kernelSize window height and width
     */
    public MaxPool2d(int kernelSize) { this(kernelSize, kernelSize, 0); }

    /**
     * Pooling with a given stride and no padding.
     *
     * @param kernelSize window height and width
     * @param stride     stride in both dimensions
     */
    public MaxPool2d(int kernelSize, int stride) { this(kernelSize, stride, 0); }

    /**
     * Pooling.
     *
     * @param kernelSize window height and width (positive)
     * @param stride     stride in both dimensions (positive)
     * @param padding    implicit negative-infinity padding on every side, at most half the window
     * @throws IllegalArgumentException for a bad size
     */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this.kernelSize = Init.positive("MaxPool2d", "kernel_size", kernelSize);
        this.stride = Init.positive("MaxPool2d", "stride", stride);
        this.padding = Init.nonNegative("MaxPool2d", "padding", padding);
        if (padding > kernelSize / 2) {
            throw new IllegalArgumentException("MaxPool2d: pad should be at most half of kernel size, but got padding="
                    + padding + " and kernel_size=" + kernelSize);
        }
    }

    /** {@code kernel_size}. */
    public int kernelSize() { return kernelSize; }

    /** {@code stride}. */
    public int stride() { return stride; }

    /** {@code padding}. */
    public int padding() { return padding; }

    /** {@code F.max_pool2d(input, kernel_size, stride, padding)}. */
    @Override
    public Tensor forward(Tensor input) { return F.maxPool2d(input, kernelSize, stride, padding); }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=1, ceil_mode=False";
    }
}
