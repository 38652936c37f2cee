package dev.kiln.spi.fused;

import dev.kiln.spi.View;

/**
 * The forward of {@code F.max_pool2d} with a square window: the maximum of each window and the flat
 * index ({@code h * W + w} within its image plane, as PyTorch's {@code return_indices}) of the first
 * maximum. Positions in the padding never win.
 */
public interface MaxPool2dKernel {
    /**
     * @param input   {@code [N, C, H, W]}
     * @param out     {@code [N, C, outH, outW]}
     * @param indices {@code [N, C, outH, outW]} int64
     * @return false when declined
     */
    boolean maxPool2d(View input, int kernelSize, int stride, int padding, View out, View indices);
}
