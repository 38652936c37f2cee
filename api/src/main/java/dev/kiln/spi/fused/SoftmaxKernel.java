package dev.kiln.spi.fused;

import dev.kiln.spi.View;

/** {@code softmax} or {@code log_softmax} along one axis, computed stably (max subtracted first). */
public interface SoftmaxKernel {
    /**
     * @param in   any floating view
     * @param axis the axis normalized over
     * @param log  true for log_softmax
     * @param out  same shape and dtype as {@code in}
     * @return false when declined
     */
    boolean softmax(View in, int axis, boolean log, View out);
}
