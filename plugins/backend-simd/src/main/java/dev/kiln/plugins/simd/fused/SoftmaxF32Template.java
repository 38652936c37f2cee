package dev.kiln.plugins.simd.fused;

import jdk.incubator.vector.FloatVector;
import dev.kiln.plugins.simd.VMath;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.VectorSpecies;

/**
 * softmax / log_softmax of float32 arrays, vectorised: a vector body on the backend's species and a scalar
 * tail. The arithmetic follows core's composed form ({@code shifted = x - max; softmax = exp(shifted) /
 * sum; log_softmax = shifted - log(sum)}), summing in float32 as that form does.
 * (SoftmaxF64 is this file with float replaced by double.)
 */
public final class SoftmaxF32Template implements SoftmaxF32 {
    private static final VectorSpecies<Float> sp =
            VectorShape.forBitSize(PerWidth.bits(MethodHandles.lookup())).withLanes(float.class);

    /** Made by {@link PerWidth} only, once per width. */
    public SoftmaxF32Template() {}

    /** One row of {@code len} consecutive elements; returns {@code log(sum(exp(x - max)))} plus the max. */
    @Override
    public float row(float[] x, int xo, float[] y, int yo, int len, boolean log) {
        int lanes = sp.length();
        int up = sp.loopBound(len);
        FloatVector vmax = FloatVector.broadcast(sp, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < up; j += lanes) vmax = vmax.max(FloatVector.fromArray(sp, x, xo + j));
        float m = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < len; j++) m = Math.max(m, x[xo + j]);
        FloatVector vm = FloatVector.broadcast(sp, m);
        FloatVector vsum = FloatVector.zero(sp);
        j = 0;
        for (; j < up; j += lanes) {
            FloatVector e = VMath.exp(FloatVector.fromArray(sp, x, xo + j).sub(vm));
            if (!log) e.intoArray(y, yo + j);
            vsum = vsum.add(e);
        }
        float s = VMath.sum(vsum);
        for (; j < len; j++) {
            float e = (float) Math.exp(x[xo + j] - m);
            if (!log) y[yo + j] = e;
            s += e;
        }
        if (log) {
            float ls = (float) Math.log(s);
            FloatVector vls = FloatVector.broadcast(sp, ls);
            for (j = 0; j < up; j += lanes) {
                FloatVector.fromArray(sp, x, xo + j).sub(vm).sub(vls).intoArray(y, yo + j);
            }
            for (; j < len; j++) y[yo + j] = (x[xo + j] - m) - ls;
            return m + ls;
        }
        FloatVector vs = FloatVector.broadcast(sp, s);
        for (j = 0; j < up; j += lanes) FloatVector.fromArray(sp, y, yo + j).div(vs).intoArray(y, yo + j);
        for (; j < len; j++) y[yo + j] = y[yo + j] / s;
        return m + (float) Math.log(s);
    }

    /**
     * Blocks {@code [from, to)} of {@code len x inner} elements, normalised over {@code len} with stride
     * {@code inner}, vectorised across the inner index; {@code mx} and {@code sum} are scratch of {@code inner}.
     */
    @Override
    public void strided(float[] x, int xo, float[] y, int yo, int from, int to, int len, int inner, boolean log,
                 float[] mx, float[] sum) {
        int lanes = sp.length();
        int up = sp.loopBound(inner);
        for (int o = from; o < to; o++) {
            int xb = xo + o * len * inner;
            int yb = yo + o * len * inner;
            System.arraycopy(x, xb, mx, 0, inner);
            for (int j = 1; j < len; j++) {
                int r = xb + j * inner;
                int i = 0;
                for (; i < up; i += lanes) {
                    FloatVector.fromArray(sp, mx, i).max(FloatVector.fromArray(sp, x, r + i)).intoArray(mx, i);
                }
                for (; i < inner; i++) mx[i] = Math.max(mx[i], x[r + i]);
            }
            java.util.Arrays.fill(sum, 0, inner, 0);
            for (int j = 0; j < len; j++) {
                int r = xb + j * inner;
                int w = yb + j * inner;
                int i = 0;
                for (; i < up; i += lanes) {
                    FloatVector e = VMath.exp(FloatVector.fromArray(sp, x, r + i).sub(FloatVector.fromArray(sp, mx, i)));
                    if (!log) e.intoArray(y, w + i);
                    FloatVector.fromArray(sp, sum, i).add(e).intoArray(sum, i);
                }
                for (; i < inner; i++) {
                    float e = (float) Math.exp(x[r + i] - mx[i]);
                    if (!log) y[w + i] = e;
                    sum[i] += e;
                }
            }
            if (log) for (int i = 0; i < inner; i++) sum[i] = (float) Math.log(sum[i]);
            for (int j = 0; j < len; j++) {
                int r = xb + j * inner;
                int w = yb + j * inner;
                int i = 0;
                for (; i < up; i += lanes) {
                    FloatVector s = FloatVector.fromArray(sp, sum, i);
                    FloatVector v = log ? FloatVector.fromArray(sp, x, r + i).sub(FloatVector.fromArray(sp, mx, i)).sub(s)
                            : FloatVector.fromArray(sp, y, w + i).div(s);
                    v.intoArray(y, w + i);
                }
                for (; i < inner; i++) y[w + i] = log ? (x[r + i] - mx[i]) - sum[i] : y[w + i] / sum[i];
            }
        }
    }
}
