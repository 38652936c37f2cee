package dev.kiln.plugins.simd.fused;

import dev.kiln.spi.View;
import dev.kiln.spi.fused.CrossEntropyKernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * cross_entropy's forward for contiguous float32/float64 logits {@code [N, C]} and int64 targets: one
 * vectorised log_softmax pass per row (as {@link SimdSoftmax}), then the row's loss. Targets are checked
 * before anything is written. Rows are split over the pool for large inputs.
 */
public final class SimdCrossEntropy implements CrossEntropyKernel {
    private final FusedEnv env;
    private final SoftmaxF32 f32;
    private final SoftmaxF64 f64;

    public SimdCrossEntropy(FusedEnv env) {
        this.env = env;
        this.f32 = SoftmaxF32.forBits(env.bits());
        this.f64 = SoftmaxF64.forBits(env.bits());
    }

    @Override
    public boolean crossEntropy(View logits, View target, View logProbs, View losses) {
        if (logits.rank() != 2 || target.rank() != 1 || losses.rank() != 1) return false;
        int n = logits.shape()[0];
        int c = logits.shape()[1];
        if (n == 0 || c == 0 || (long) n * c > Integer.MAX_VALUE) return false;
        MemorySegment t = Heap.longs(env, target);
        if (t == null) return false;
        long tBase = Heap.start(env, target);
        long grain = Math.max(1, SimdSoftmax.GRAIN_ELEMENTS / c);
        float[] xf = Heap.floats(env, logits);
        float[] lf = Heap.floats(env, logProbs);
        float[] of = Heap.floats(env, losses);
        double[] xd = Heap.doubles(env, logits);
        double[] ld = Heap.doubles(env, logProbs);
        double[] od = Heap.doubles(env, losses);
        boolean single = xf != null && lf != null && of != null;
        boolean dbl = xd != null && ld != null && od != null;
        if (!single && !dbl) return false;
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            long k = t.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, tBase + i);
            if (k < 0 || k >= c) {
                throw new IndexOutOfBoundsException("cross_entropy: target " + k + " of sample " + i
                        + " is out of bounds for " + c + " classes (valid: 0.." + (c - 1) + ")");
            }
            cls[i] = (int) k;
        }
        int xo = Heap.start(env, logits);
        int lo = Heap.start(env, logProbs);
        int oo = Heap.start(env, losses);
        env.parallel().forRange(n, grain, (a, b) -> {
            for (int r = (int) a; r < b; r++) {
                if (single) {
                    f32.row(xf, xo + r * c, lf, lo + r * c, c, true);
                    of[oo + r] = -lf[lo + r * c + cls[r]];
                } else {
                    f64.row(xd, xo + r * c, ld, lo + r * c, c, true);
                    od[oo + r] = -ld[lo + r * c + cls[r]];
                }
            }
        });
        return true;
    }
}
