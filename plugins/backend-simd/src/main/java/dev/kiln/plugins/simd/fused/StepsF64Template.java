package dev.kiln.plugins.simd.fused;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGD and Adam updates over float64 arrays, elements {@code [from, to)}, vectorised, in the order of
 * core's composed form (so float64 rounding matches it closely); the double hyper-parameters are rounded
 * to float64 as the composed ops round their scalars. (Generated from StepsF32 with float replaced by double.)
 */
public final class StepsF64Template implements StepsF64 {
    private static final VectorSpecies<Double> sp =
            VectorShape.forBitSize(PerWidth.bits(MethodHandles.lookup())).withLanes(double.class);

    /** Made by {@link PerWidth} only, once per width. */
    public StepsF64Template() {}

    /** {@code buf} may be null (no momentum). */
    @Override
    public void sgd(double[] p, int po, double[] g, int go, double[] buf, int bo, int from, int to, double lr, double momentum,
             double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        double wd = (double) weightDecay;
        double mom = (double) momentum;
        double keep = (double) (1 - dampening);
        double step = (double) -lr;
        boolean decay = weightDecay != 0;
        boolean hasMomentum = momentum != 0;
        int lanes = sp.length();
        int i = from;
        int up = from + sp.loopBound(to - from);
        for (; i < up; i += lanes) {
            DoubleVector pv = DoubleVector.fromArray(sp, p, po + i);
            DoubleVector d = DoubleVector.fromArray(sp, g, go + i);
            if (decay) d = d.add(pv.mul(wd));
            if (hasMomentum) {
                DoubleVector b = firstStep ? d : DoubleVector.fromArray(sp, buf, bo + i).mul(mom).add(d.mul(keep));
                b.intoArray(buf, bo + i);
                d = nesterov ? d.add(b.mul(mom)) : b;
            }
            pv.add(d.mul(step)).intoArray(p, po + i);
        }
        for (; i < to; i++) {
            double pv = p[po + i];
            double d = g[go + i];
            if (decay) d = d + pv * wd;
            if (hasMomentum) {
                double b = firstStep ? d : buf[bo + i] * mom + d * keep;
                buf[bo + i] = b;
                d = nesterov ? d + b * mom : b;
            }
            p[po + i] = pv + d * step;
        }
    }

    /** {@code vMax} may be null (no amsgrad). */
    @Override
    public void adam(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo, double[] vMax, int xo,
              int from, int to, long t, double lr, double beta1, double beta2, double eps, double weightDecay,
              boolean decoupled, boolean amsgrad) {
        double shrink = (double) (1 - lr * weightDecay);
        double wd = (double) weightDecay;
        double b1 = (double) beta1;
        double b1c = (double) (1 - beta1);
        double b2 = (double) beta2;
        double b2c = (double) (1 - beta2);
        double bc2s = (double) Math.sqrt(1 - Math.pow(beta2, t));
        double step = (double) (-lr / (1 - Math.pow(beta1, t)));
        double e = (double) eps;
        boolean decay = weightDecay != 0;
        int lanes = sp.length();
        int i = from;
        int up = from + sp.loopBound(to - from);
        for (; i < up; i += lanes) {
            DoubleVector pv = DoubleVector.fromArray(sp, p, po + i);
            DoubleVector gv = DoubleVector.fromArray(sp, g, go + i);
            if (decay && decoupled) pv = pv.mul(shrink);
            else if (decay) gv = gv.add(pv.mul(wd));
            DoubleVector mv = DoubleVector.fromArray(sp, m, mo + i).mul(b1).add(gv.mul(b1c));
            DoubleVector vv = DoubleVector.fromArray(sp, v, vo + i).mul(b2).add(gv.mul(b2c).mul(gv));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            DoubleVector second = vv;
            if (amsgrad) {
                second = DoubleVector.fromArray(sp, vMax, xo + i).max(vv);
                second.intoArray(vMax, xo + i);
            }
            DoubleVector denom = second.lanewise(VectorOperators.SQRT).div(bc2s).add(e);
            pv.add(mv.mul(step).div(denom)).intoArray(p, po + i);
        }
        for (; i < to; i++) {
            double pv = p[po + i];
            double gv = g[go + i];
            if (decay && decoupled) pv = pv * shrink;
            else if (decay) gv = gv + pv * wd;
            double mv = m[mo + i] * b1 + gv * b1c;
            double vv = v[vo + i] * b2 + (gv * b2c) * gv;
            m[mo + i] = mv;
            v[vo + i] = vv;
            double second = vv;
            if (amsgrad) {
                second = Math.max(vMax[xo + i], vv);
                vMax[xo + i] = second;
            }
            double denom = (double) Math.sqrt(second) / bc2s + e;
            p[po + i] = pv + (mv * step) / denom;
        }
    }
}
