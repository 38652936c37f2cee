package dev.kiln.spi.fused;

import dev.kiln.spi.Im2Col;
import dev.kiln.spi.View;

/**
 * Two-dimensional convolution (cross-correlation, as {@code F.conv2d}) and its two backward passes.
 * {@code geometry} describes one image of the input ({@code channels = C_in}, kernel, stride, padding,
 * dilation; its pad value is 0). Shapes: input {@code [N, C_in, H, W]}, weight {@code [C_out, C_in, kH, kW]},
 * output {@code [N, C_out, outH, outW]}.
 */
public interface Conv2dKernel {
    /** {@code out = conv2d(input, weight) + bias} ({@code bias} {@code [C_out]} or null). */
    boolean forward(View input, View weight, View bias, Im2Col geometry, View out);

    /** {@code gradInput = conv2d's adjoint in the input} of {@code gradOut}: overwrites {@code gradInput}. */
    boolean backwardInput(View gradOut, View weight, Im2Col geometry, View gradInput);

    /** {@code gradWeight = sum over the batch of gradOut x input patches}: overwrites {@code gradWeight}. */
    boolean backwardWeight(View gradOut, View input, Im2Col geometry, View gradWeight);
}
