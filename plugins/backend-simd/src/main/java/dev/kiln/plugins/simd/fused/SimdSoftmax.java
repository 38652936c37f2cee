package dev.kiln.plugins.simd.fused;

import dev.kiln.spi.View;
import dev.kiln.spi.fused.SoftmaxKernel;

/**
 * softmax / log_softmax for contiguous float32 and float64 views (other layouts and dtypes are declined):
 * over the last axis one vectorised pass per row, over another axis vectorised across the elements after it.
 * Large inputs are split by rows (outer blocks) over the backend's pool.
 */
public final class SimdSoftmax implements SoftmaxKernel {
    /** Elements per task below which the work stays on one thread. */
    static final int GRAIN_ELEMENTS = 1 << 15;

    private final FusedEnv env;
    private final SoftmaxF32 f32;
    private final SoftmaxF64 f64;

    public SimdSoftmax(FusedEnv env) {
        this.env = env;
        this.f32 = SoftmaxF32.forBits(env.bits());
        this.f64 = SoftmaxF64.forBits(env.bits());
    }

    @Override
    public boolean softmax(View in, int axis, boolean log, View out) {
        if (in.rank() == 0 || axis < 0 || axis >= in.rank() || out.dtype() != in.dtype()) return false;
        int[] s = in.shape();
        int len = s[axis];
        long innerL = 1;
        for (int d = axis + 1; d < s.length; d++) innerL *= s[d];
        long numel = in.numel();
        if (numel == 0 || len == 0 || numel > Integer.MAX_VALUE) return false;
        int inner = (int) innerL;
        int outer = (int) (numel / ((long) len * inner));
        long grain = Math.max(1, GRAIN_ELEMENTS / ((long) len * inner));
        float[] xf = Heap.floats(env, in);
        float[] yf = Heap.floats(env, out);
        if (xf != null && yf != null) {
            int xo = Heap.start(env, in);
            int yo = Heap.start(env, out);
            env.parallel().forRange(outer, grain, (a, b) -> {
                if (inner == 1) {
                    for (int r = (int) a; r < b; r++) f32.row(xf, xo + r * len, yf, yo + r * len, len, log);
                } else {
                    f32.strided(xf, xo, yf, yo, (int) a, (int) b, len, inner, log, new float[inner], new float[inner]);
                }
            });
            return true;
        }
        double[] xd = Heap.doubles(env, in);
        double[] yd = Heap.doubles(env, out);
        if (xd != null && yd != null) {
            int xo = Heap.start(env, in);
            int yo = Heap.start(env, out);
            env.parallel().forRange(outer, grain, (a, b) -> {
                if (inner == 1) {
                    for (int r = (int) a; r < b; r++) f64.row(xd, xo + r * len, yd, yo + r * len, len, log);
                } else {
                    f64.strided(xd, xo, yd, yo, (int) a, (int) b, len, inner, log, new double[inner], new double[inner]);
                }
            });
            return true;
        }
        return false;
    }
}
