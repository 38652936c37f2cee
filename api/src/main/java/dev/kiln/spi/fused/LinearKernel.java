package dev.kiln.spi.fused;

import dev.kiln.spi.View;

/** {@code out = input @ weight^T + bias}: the forward of {@code F.linear} (PyTorch's addmm). */
public interface LinearKernel {
    /**
     * @param input  {@code [N, K]}
     * @param weight {@code [M, K]}
     * @param bias   {@code [M]}, or null for none
     * @param out    {@code [N, M]}, one dtype with the others
     * @return false when declined
     */
    boolean linear(View input, View weight, View bias, View out);
}
