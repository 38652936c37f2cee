package dev.kiln.plugins.simd.fused;

import jdk.incubator.vector.DoubleVector;
import dev.kiln.plugins.simd.VMath;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.VectorSpecies;

/**
 * softmax / log_softmax of float64 arrays, vectorised: a vector body on the backend's species and a scalar
 * tail. The arithmetic follows core's composed form ({@code shifted = x - max; softmax = exp(shifted) /
 * sum; log_softmax = shifted - log(sum)}), summing in float64 as that form does.
 * (Generated from SoftmaxF32 with float replaced by double.)
 */
public final class SoftmaxF64Template implements SoftmaxF64 {
    private static final VectorSpecies<Double> sp =
            VectorShape.forBitSize(PerWidth.bits(MethodHandles.lookup())).withLanes(double.class);

    /** Made by {@link PerWidth} only, once per width. */
    public SoftmaxF64Template() {}

    /** One row of {@code len} consecutive elements; returns {@code log(sum(exp(x - max)))} plus the max. */
    @Override
    public double row(double[] x, int xo, double[] y, int yo, int len, boolean log) {
        int lanes = sp.length();
        int up = sp.loopBound(len);
        DoubleVector vmax = DoubleVector.broadcast(sp, Double.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < up; j += lanes) vmax = vmax.max(DoubleVector.fromArray(sp, x, xo + j));
        double m = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < len; j++) m = Math.max(m, x[xo + j]);
        DoubleVector vm = DoubleVector.broadcast(sp, m);
        DoubleVector vsum = DoubleVector.zero(sp);
        j = 0;
        for (; j < up; j += lanes) {
            DoubleVector e = VMath.exp(DoubleVector.fromArray(sp, x, xo + j).sub(vm));
            if (!log) e.intoArray(y, yo + j);
            vsum = vsum.add(e);
        }
        double s = VMath.sum(vsum);
        for (; j < len; j++) {
            double e = (double) Math.exp(x[xo + j] - m);
            if (!log) y[yo + j] = e;
            s += e;
        }
        if (log) {
            double ls = (double) Math.log(s);
            DoubleVector vls = DoubleVector.broadcast(sp, ls);
            for (j = 0; j < up; j += lanes) {
                DoubleVector.fromArray(sp, x, xo + j).sub(vm).sub(vls).intoArray(y, yo + j);
            }
            for (; j < len; j++) y[yo + j] = (x[xo + j] - m) - ls;
            return m + ls;
        }
        DoubleVector vs = DoubleVector.broadcast(sp, s);
        for (j = 0; j < up; j += lanes) DoubleVector.fromArray(sp, y, yo + j).div(vs).intoArray(y, yo + j);
        for (; j < len; j++) y[yo + j] = y[yo + j] / s;
        return m + (double) Math.log(s);
    }

    /**
     * Blocks {@code [from, to)} of {@code len x inner} elements, normalised over {@code len} with stride
     * {@code inner}, vectorised across the inner index; {@code mx} and {@code sum} are scratch of {@code inner}.
     */
    @Override
    public void strided(double[] x, int xo, double[] y, int yo, int from, int to, int len, int inner, boolean log,
                 double[] mx, double[] sum) {
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
                    DoubleVector.fromArray(sp, mx, i).max(DoubleVector.fromArray(sp, x, r + i)).intoArray(mx, i);
                }
                for (; i < inner; i++) mx[i] = Math.max(mx[i], x[r + i]);
            }
            java.util.Arrays.fill(sum, 0, inner, 0);
            for (int j = 0; j < len; j++) {
                int r = xb + j * inner;
                int w = yb + j * inner;
                int i = 0;
                for (; i < up; i += lanes) {
                    DoubleVector e = VMath.exp(DoubleVector.fromArray(sp, x, r + i).sub(DoubleVector.fromArray(sp, mx, i)));
                    if (!log) e.intoArray(y, w + i);
                    DoubleVector.fromArray(sp, sum, i).add(e).intoArray(sum, i);
                }
                for (; i < inner; i++) {
                    double e = (double) Math.exp(x[r + i] - mx[i]);
                    if (!log) y[w + i] = e;
                    sum[i] += e;
                }
            }
            if (log) for (int i = 0; i < inner; i++) sum[i] = (double) Math.log(sum[i]);
            for (int j = 0; j < len; j++) {
                int r = xb + j * inner;
                int w = yb + j * inner;
                int i = 0;
                for (; i < up; i += lanes) {
                    DoubleVector s = DoubleVector.fromArray(sp, sum, i);
                    DoubleVector v = log ? DoubleVector.fromArray(sp, x, r + i).sub(DoubleVector.fromArray(sp, mx, i)).sub(s)
                            : DoubleVector.fromArray(sp, y, w + i).div(s);
                    v.intoArray(y, w + i);
                }
                for (; i < inner; i++) y[w + i] = log ? (x[r + i] - mx[i]) - sum[i] : y[w + i] / sum[i];
            }
        }
    }
}
