package dev.kiln.plugins.simd.fused;

import dev.kiln.DType;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.kiln.plugins.simd.fused.Operands.env;
import static dev.kiln.plugins.simd.fused.Operands.of;
import static dev.kiln.plugins.simd.fused.Operands.random;
import static dev.kiln.plugins.simd.fused.Operands.rounded;
import static dev.kiln.plugins.simd.fused.Operands.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD fused kernels against plain double-precision loops, at every vector width, on awkward lengths
 * (vector body plus scalar tail), serial and split over a pool; and what they decline.
 */
class SimdFusedKernelsTest {
    private static final int[] BITS = {128, 256, 512};
    private static final int[] LENGTHS = {1, 3, 7, 13, 31, 257, 4099};
    private static final DType[] TYPES = {DType.FLOAT32, DType.FLOAT64};

    private static double tol(DType t) { return t == DType.FLOAT64 ? 1e-13 : 2e-6; }

    private static void close(double[] expected, double[] actual, DType t, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (Double.isNaN(e)) {
                assertTrue(Double.isNaN(actual[i]), what + " [" + i + "]");
                continue;
            }
            assertEquals(e, actual[i], tol(t) * Math.max(1, Math.abs(e)), what + " [" + i + "]");
        }
    }

    /** softmax over {@code axis} of a [outer, len, inner] array, in double. */
    private static double[] softmaxRef(double[] x, int outer, int len, int inner, boolean log) {
        double[] y = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int b = o * len * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) m = Math.max(m, x[b + j * inner]);
                double s = 0;
                for (int j = 0; j < len; j++) s += Math.exp(x[b + j * inner] - m);
                for (int j = 0; j < len; j++) {
                    double v = x[b + j * inner] - m;
                    y[b + j * inner] = log ? v - Math.log(s) : Math.exp(v) / s;
                }
            }
        }
        return y;
    }

    @Test
    void softmaxOverTheLastAxisMatchesAtEveryWidthAndLength() {
        for (int bits : BITS) for (DType t : TYPES) for (int len : LENGTHS) for (boolean log : new boolean[] {false, true}) {
            int rows = 3;
            double[] x = rounded(t, random(len * 31L + bits, rows * len, -8, 8));
            View in = of(t, x, 5, rows, len);
            View out = of(t, new double[rows * len], 3, rows, len);
            assertTrue(new SimdSoftmax(env(bits, 1)).softmax(in, 1, log, out));
            close(softmaxRef(x, rows, len, 1, log), values(out), t, "softmax " + bits + " " + t + " len " + len + " log " + log);
        }
    }

    @Test
    void softmaxOverAMiddleAxisMatches() {
        for (int bits : BITS) for (DType t : TYPES) for (int inner : new int[] {1, 5, 17}) for (boolean log : new boolean[] {false, true}) {
            double[] x = rounded(t, random(inner + bits, 2 * 7 * inner, -4, 4));
            View in = of(t, x, 0, 2, 7, inner);
            View out = of(t, new double[x.length], 0, 2, 7, inner);
            assertTrue(new SimdSoftmax(env(bits, 1)).softmax(in, 1, log, out));
            close(softmaxRef(x, 2, 7, inner, log), values(out), t, "softmax axis 1 inner " + inner);
            // axis 0: outer 1
            View out0 = of(t, new double[x.length], 0, 2, 7, inner);
            assertTrue(new SimdSoftmax(env(bits, 1)).softmax(in, 0, log, out0));
            close(softmaxRef(x, 1, 2, 7 * inner, log), values(out0), t, "softmax axis 0");
        }
    }

    @Test
    void largeSoftmaxSplitOverThePoolEqualsTheSerialResult() {
        for (DType t : TYPES) {
            double[] x = rounded(t, random(9, 200 * 1000, -5, 5));
            View in = of(t, x, 0, 200, 1000);
            View serial = of(t, new double[x.length], 0, 200, 1000);
            View pooled = of(t, new double[x.length], 0, 200, 1000);
            assertTrue(new SimdSoftmax(env(256, 1)).softmax(in, 1, false, serial));
            assertTrue(new SimdSoftmax(env(256, 3)).softmax(in, 1, false, pooled));
            assertArrayEquals(values(serial), values(pooled));
            close(softmaxRef(x, 200, 1000, 1, false), values(pooled), t, "pooled");
        }
    }

    @Test
    void infinitiesAndNaNsGoWhereTheComposedFormPutsThem() {
        double[] x = {Double.NEGATIVE_INFINITY, 0, 1, Double.POSITIVE_INFINITY, 2, 3, Double.NaN, 1, 2};
        for (DType t : TYPES) {
            View out = of(t, new double[9], 0, 3, 3);
            assertTrue(new SimdSoftmax(env(128, 1)).softmax(of(t, x, 0, 3, 3), 1, false, out));
            close(softmaxRef(x, 3, 3, 1, false), values(out), t, "specials");
        }
    }

    @Test
    void softmaxDeclinesWhatItDoesNotHandleAndWritesNothing() {
        SimdSoftmax k = new SimdSoftmax(env(256, 1));
        View in = of(DType.FLOAT32, random(1, 12, -1, 1), 0, 3, 4);
        View out = of(DType.FLOAT32, new double[12], 0, 3, 4);
        View transposed = new View(in.storage(), in.dtype(), 0, new int[] {4, 3}, new long[] {1, 4});
        assertFalse(k.softmax(transposed, 1, false, of(DType.FLOAT32, new double[12], 0, 4, 3)));
        assertFalse(k.softmax(Operands.nativeOf(DType.FLOAT32, 3, 4), 1, false, out));
        assertFalse(k.softmax(in, 1, false, of(DType.FLOAT64, new double[12], 0, 3, 4)));
        assertArrayEquals(new double[12], values(out));
    }

    @Test
    void crossEntropyIsLogSoftmaxAndTheTargetsLoss() {
        for (int bits : BITS) for (DType t : TYPES) for (int c : new int[] {1, 3, 10, 257}) {
            int n = 5;
            double[] x = rounded(t, random(c, n * c, -6, 6));
            double[] tg = new double[n];
            for (int i = 0; i < n; i++) tg[i] = (i * 7) % c;
            View lp = of(t, new double[n * c], 0, n, c);
            View loss = of(t, new double[n], 2, n);
            assertTrue(new SimdCrossEntropy(env(bits, 1)).crossEntropy(of(t, x, 1, n, c), of(DType.INT64, tg, 0, n), lp, loss));
            double[] ref = softmaxRef(x, n, c, 1, true);
            close(ref, values(lp), t, "logProbs");
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) expected[i] = -ref[i * c + (int) tg[i]];
            close(expected, values(loss), t, "losses");
        }
    }

    @Test
    void crossEntropyRefusesATargetOutOfRangeBeforeWriting() {
        View lp = of(DType.FLOAT32, new double[6], 0, 2, 3);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> new SimdCrossEntropy(env(256, 1)).crossEntropy(
                of(DType.FLOAT32, random(2, 6, -1, 1), 0, 2, 3), of(DType.INT64, new double[] {0, 3}, 0, 2), lp,
                of(DType.FLOAT32, new double[2], 0, 2)));
        assertTrue(e.getMessage().contains("target 3 of sample 1 is out of bounds for 3 classes"), e.getMessage());
        assertArrayEquals(new double[6], values(lp));
    }

    /** max_pool2d in double loops: PyTorch's rule (first maximum, a NaN wins, padding never does). */
    private static double[][] poolRef(double[] x, int planes, int h, int w, int k, int s, int p, int oh, int ow) {
        double[] y = new double[planes * oh * ow];
        double[] idx = new double[y.length];
        for (int pl = 0; pl < planes; pl++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
            double best = 0;
            int at = -1;
            for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) {
                int r = i * s - p + a, q = j * s - p + b;
                if (r < 0 || q < 0 || r >= h || q >= w) continue;
                double v = x[pl * h * w + r * w + q];
                if (at < 0 || (!Double.isNaN(best) && (v > best || Double.isNaN(v)))) {
                    best = v;
                    at = r * w + q;
                }
            }
            y[(pl * oh + i) * ow + j] = best;
            idx[(pl * oh + i) * ow + j] = at;
        }
        return new double[][] {y, idx};
    }

    @Test
    void maxPool2dMatchesWithTiesPaddingAndNaN() {
        int[][] geometries = {{2, 2, 0}, {3, 2, 1}, {3, 1, 1}, {2, 1, 0}, {5, 3, 2}};
        for (DType t : TYPES) for (int[] g : geometries) {
            int n = 2, c = 3, h = 9, w = 11;
            double[] x = random(g[0] * 13L, n * c * h * w, -3, 3);
            for (int i = 0; i < x.length; i += 3) x[i] = Math.round(x[i]); // ties
            x[17] = Double.NaN;
            x = rounded(t, x);
            int oh = (h + 2 * g[2] - g[0]) / g[1] + 1, ow = (w + 2 * g[2] - g[0]) / g[1] + 1;
            View out = of(t, new double[n * c * oh * ow], 0, n, c, oh, ow);
            View idx = of(DType.INT64, new double[n * c * oh * ow], 0, n, c, oh, ow);
            assertTrue(new SimdMaxPool2d(env(256, 3)).maxPool2d(of(t, x, 4, n, c, h, w), g[0], g[1], g[2], out, idx));
            double[][] ref = poolRef(x, n * c, h, w, g[0], g[1], g[2], oh, ow);
            assertArrayEquals(ref[1], values(idx), "indices " + Arrays.toString(g));
            close(ref[0], values(out), t, "values " + Arrays.toString(g));
        }
    }

    /** The branch-free 2x2 stride-2 path: windows of NaNs, infinities, signed zeros and ties, every width. */
    @Test
    void maxPool2x2WindowsOfSpecials() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        // a 4 x 8 plane: eight 2x2 windows (columns pairs 0-1, 2-3, 4-5, 6-7 over rows 0-1 and 2-3)
        double[] x = {
            1, nan, inf, 2, -0.0, 0.0, 3, 3,
            nan, 5, nan, 7, 0.0, -0.0, 3, 3,
            -inf, -inf, 4, nan, -1, -2, 7, 8,
            -inf, -inf, nan, 9, -3, -1, 9, 8};
        for (int bits : BITS) for (DType t : TYPES) {
            View out = of(t, new double[8], 0, 1, 1, 2, 4);
            View idx = of(DType.INT64, new double[8], 0, 1, 1, 2, 4);
            assertTrue(new SimdMaxPool2d(env(bits, 1)).maxPool2d(of(t, x, 2, 1, 1, 4, 8), 2, 2, 0, out, idx));
            double[][] ref = poolRef(x, 1, 4, 8, 2, 2, 0, 2, 4);
            assertArrayEquals(ref[1], values(idx), "indices " + bits + " " + t);
            double[] got = values(out);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Double.doubleToLongBits(ref[0][i]), Double.doubleToLongBits(got[i]), "value " + i + " " + t);
            }
        }
    }

    /** 2x2 stride 2 on planes wide enough for the vector rows at every width (tails included), with specials. */
    @Test
    void maxPool2x2WidePlanes() {
        for (int bits : BITS) for (DType t : TYPES) for (int w : new int[] {68, 71, 130}) {
            int n = 2, c = 2, h = 7;
            double[] x = random(w * 7L + bits, n * c * h * w, -3, 3);
            for (int i = 0; i < x.length; i += 5) x[i] = Math.round(x[i]); // ties
            for (int i = 3; i < x.length; i += 37) x[i] = Double.NaN;
            for (int i = 11; i < x.length; i += 41) x[i] = Double.NEGATIVE_INFINITY;
            x = rounded(t, x);
            int oh = h / 2, ow = w / 2;
            View out = of(t, new double[n * c * oh * ow], 0, n, c, oh, ow);
            View idx = of(DType.INT64, new double[n * c * oh * ow], 0, n, c, oh, ow);
            assertTrue(new SimdMaxPool2d(env(bits, 1)).maxPool2d(of(t, x, 3, n, c, h, w), 2, 2, 0, out, idx));
            double[][] ref = poolRef(x, n * c, h, w, 2, 2, 0, oh, ow);
            assertArrayEquals(ref[1], values(idx), "indices " + bits + " " + t + " w=" + w);
            double[] got = values(out);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Double.doubleToLongBits(ref[0][i]), Double.doubleToLongBits(got[i]), "value " + i + " " + t + " w=" + w);
            }
        }
    }

    @Test
    void sgdStepMatchesTheRuleForEveryOption() {
        for (int bits : BITS) for (DType t : TYPES) for (int len : LENGTHS) {
            for (int variant = 0; variant < 4; variant++) {
                double momentum = variant == 0 ? 0 : 0.9;
                boolean nesterov = variant == 2;
                boolean first = variant == 3;
                double lr = 0.05, damp = variant == 1 ? 0.1 : 0, wd = variant >= 1 ? 1e-2 : 0;
                double[] p = rounded(t, random(len, len, -1, 1));
                double[] g = rounded(t, random(len + 1, len, -1, 1));
                double[] b = rounded(t, random(len + 2, len, -1, 1));
                View pv = of(t, p, 1, len), gv = of(t, g, 0, len), bv = momentum == 0 ? null : of(t, b, 3, len);
                assertTrue(new SimdSgdStep(env(bits, 1)).step(pv, gv, bv, lr, momentum, damp, wd, nesterov, first));
                double[] ep = p.clone(), eb = b.clone();
                for (int i = 0; i < len; i++) {
                    double d = g[i] + wd * p[i];
                    if (momentum != 0) {
                        eb[i] = first ? d : momentum * b[i] + (1 - damp) * d;
                        d = nesterov ? d + momentum * eb[i] : eb[i];
                    }
                    ep[i] = p[i] - lr * d;
                }
                close(ep, values(pv), t, "sgd param variant " + variant);
                if (bv != null) close(eb, values(bv), t, "sgd buffer variant " + variant);
            }
        }
    }

    @Test
    void adamStepMatchesTheRuleForEveryOption() {
        for (int bits : BITS) for (DType t : TYPES) for (int len : LENGTHS) {
            for (int variant = 0; variant < 3; variant++) {
                boolean decoupled = variant == 1, ams = variant == 2;
                long step = 3;
                double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = variant == 0 ? 0 : 1e-2;
                double[] p = rounded(t, random(len, len, -1, 1));
                double[] g = rounded(t, random(len + 1, len, -1, 1));
                double[] m = rounded(t, random(len + 2, len, -0.1, 0.1));
                double[] v = rounded(t, random(len + 3, len, 0, 0.01));
                double[] x = rounded(t, random(len + 4, len, 0, 0.01));
                View pv = of(t, p, 0, len), gv = of(t, g, 2, len), mv = of(t, m, 0, len), vv = of(t, v, 1, len);
                View xv = ams ? of(t, x, 0, len) : null;
                assertTrue(new SimdAdamStep(env(bits, 1)).step(pv, gv, mv, vv, xv, step, lr, b1, b2, eps, wd, decoupled, ams));
                double[] ep = new double[len], em = new double[len], ev = new double[len], ex = x.clone();
                for (int i = 0; i < len; i++) {
                    double pi = decoupled ? p[i] * (1 - lr * wd) : p[i];
                    double gi = decoupled ? g[i] : g[i] + wd * p[i];
                    em[i] = b1 * m[i] + (1 - b1) * gi;
                    ev[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    double second = ev[i];
                    if (ams) second = ex[i] = Math.max(x[i], ev[i]);
                    double denom = Math.sqrt(second) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
                    ep[i] = pi - lr / (1 - Math.pow(b1, step)) * em[i] / denom;
                }
                close(ep, values(pv), t, "adam param variant " + variant);
                close(em, values(mv), t, "adam m");
                close(ev, values(vv), t, "adam v");
                if (ams) close(ex, values(xv), t, "adam vMax");
            }
        }
    }

    @Test
    void stepsDeclineMixedDtypesAndNonContiguousOperands() {
        View p = of(DType.FLOAT32, new double[4], 0, 4);
        View g64 = of(DType.FLOAT64, new double[4], 0, 4);
        assertFalse(new SimdSgdStep(env(256, 1)).step(p, g64, null, 0.1, 0, 0, 0, false, false));
        View strided = new View(p.storage(), p.dtype(), 0, new int[] {2}, new long[] {2});
        assertFalse(new SimdAdamStep(env(256, 1)).step(strided, strided, strided, strided, null, 1, 0.1, 0.9, 0.99, 1e-8, 0,
                false, false));
    }
}
