package dev.kiln.plugins.simd.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGD and Adam updates over float32 arrays, elements {@code [from, to)}, vectorised, in the order of
 * core's composed form (so float32 rounding matches it closely); the double hyper-parameters are rounded
 * to float32 as the composed ops round their scalars. (StepsF64 is generated from this file with float
 * replaced by double.)
 */
public final class StepsF32Template implements StepsF32 {
    private static final VectorSpecies<Float> sp =
            VectorShape.forBitSize(PerWidth.bits(MethodHandles.lookup())).withLanes(float.class);

    /** Made by {@link PerWidth} only, once per width. */
    public StepsF32Template() {}

    /** {@code buf} may be null (no momentum). */
    @Override
    public void sgd(float[] p, int po, float[] g, int go, float[] buf, int bo, int from, int to, double lr, double momentum,
             double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        float wd = (float) weightDecay;
        float mom = (float) momentum;
        float keep = (float) (1 - dampening);
        float step = (float) -lr;
        boolean decay = weightDecay != 0;
        boolean hasMomentum = momentum != 0;
        int lanes = sp.length();
        int i = from;
        int up = from + sp.loopBound(to - from);
        for (; i < up; i += lanes) {
            FloatVector pv = FloatVector.fromArray(sp, p, po + i);
            FloatVector d = FloatVector.fromArray(sp, g, go + i);
            if (decay) d = d.add(pv.mul(wd));
            if (hasMomentum) {
                FloatVector b = firstStep ? d : FloatVector.fromArray(sp, buf, bo + i).mul(mom).add(d.mul(keep));
                b.intoArray(buf, bo + i);
                d = nesterov ? d.add(b.mul(mom)) : b;
            }
            pv.add(d.mul(step)).intoArray(p, po + i);
        }
        for (; i < to; i++) {
            float pv = p[po + i];
            float d = g[go + i];
            if (decay) d = d + pv * wd;
            if (hasMomentum) {
                float b = firstStep ? d : buf[bo + i] * mom + d * keep;
                buf[bo + i] = b;
                d = nesterov ? d + b * mom : b;
            }
            p[po + i] = pv + d * step;
        }
    }

    /** {@code vMax} may be null (no amsgrad). */
    @Override
    public void adam(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, float[] vMax, int xo,
              int from, int to, long t, double lr, double beta1, double beta2, double eps, double weightDecay,
              boolean decoupled, boolean amsgrad) {
        float shrink = (float) (1 - lr * weightDecay);
        float wd = (float) weightDecay;
        float b1 = (float) beta1;
        float b1c = (float) (1 - beta1);
        float b2 = (float) beta2;
        float b2c = (float) (1 - beta2);
        float bc2s = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float step = (float) (-lr / (1 - Math.pow(beta1, t)));
        float e = (float) eps;
        boolean decay = weightDecay != 0;
        int lanes = sp.length();
        int i = from;
        int up = from + sp.loopBound(to - from);
        for (; i < up; i += lanes) {
            FloatVector pv = FloatVector.fromArray(sp, p, po + i);
            FloatVector gv = FloatVector.fromArray(sp, g, go + i);
            if (decay && decoupled) pv = pv.mul(shrink);
            else if (decay) gv = gv.add(pv.mul(wd));
            FloatVector mv = FloatVector.fromArray(sp, m, mo + i).mul(b1).add(gv.mul(b1c));
            FloatVector vv = FloatVector.fromArray(sp, v, vo + i).mul(b2).add(gv.mul(b2c).mul(gv));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            FloatVector second = vv;
            if (amsgrad) {
                second = FloatVector.fromArray(sp, vMax, xo + i).max(vv);
                second.intoArray(vMax, xo + i);
            }
            FloatVector denom = second.lanewise(VectorOperators.SQRT).div(bc2s).add(e);
            pv.add(mv.mul(step).div(denom)).intoArray(p, po + i);
        }
        for (; i < to; i++) {
            float pv = p[po + i];
            float gv = g[go + i];
            if (decay && decoupled) pv = pv * shrink;
            else if (decay) gv = gv + pv * wd;
            float mv = m[mo + i] * b1 + gv * b1c;
            float vv = v[vo + i] * b2 + (gv * b2c) * gv;
            m[mo + i] = mv;
            v[vo + i] = vv;
            float second = vv;
            if (amsgrad) {
                second = Math.max(vMax[xo + i], vv);
                vMax[xo + i] = second;
            }
            float denom = (float) Math.sqrt(second) / bc2s + e;
            p[po + i] = pv + (mv * step) / denom;
        }
    }
}
