package dev.kiln.plugins.simd.fused;

import dev.kiln.spi.View;
import dev.kiln.spi.fused.MaxPool2dKernel;

/**
 * max_pool2d's forward for contiguous float32/float64 inputs {@code [N, C, H, W]} with contiguous outputs
 * (other layouts declined): one pass per image plane, planes split over the pool for large inputs.
 */
public final class SimdMaxPool2d implements MaxPool2dKernel {
    private final FusedEnv env;

    public SimdMaxPool2d(FusedEnv env) {
        this.env = env;
    }

    @Override
    public boolean maxPool2d(View input, int kernelSize, int stride, int padding, View out, View indices) {
        if (input.rank() != 4 || out.rank() != 4 || input.numel() == 0 || input.numel() > Integer.MAX_VALUE) return false;
        int[] s = input.shape();
        int planes = s[0] * s[1];
        int h = s[2];
        int w = s[3];
        int oh = out.shape()[2];
        int ow = out.shape()[3];
        if (padding > kernelSize / 2) return false;
        long[] idx = Heap.longArray(env, indices);
        if (idx == null) return false;
        int io = Heap.start(env, indices);
        long grain = Math.max(1, SimdSoftmax.GRAIN_ELEMENTS / ((long) h * w));
        float[] xf = Heap.floats(env, input);
        float[] yf = Heap.floats(env, out);
        if (xf != null && yf != null) {
            int xo = Heap.start(env, input);
            int yo = Heap.start(env, out);
            env.parallel().forRange(planes, grain, (a, b) -> MaxPoolF32.planes(xf, xo, yf, yo, idx, io, (int) a, (int) b,
                    h, w, oh, ow, kernelSize, stride, padding));
            return true;
        }
        double[] xd = Heap.doubles(env, input);
        double[] yd = Heap.doubles(env, out);
        if (xd != null && yd != null) {
            int xo = Heap.start(env, input);
            int yo = Heap.start(env, out);
            env.parallel().forRange(planes, grain, (a, b) -> MaxPoolF64.planes(xd, xo, yd, yo, idx, io, (int) a, (int) b,
                    h, w, oh, ow, kernelSize, stride, padding));
            return true;
        }
        return false;
    }
}
