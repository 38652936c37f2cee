package dev.kiln.plugins.simd.fused;

/**
 * max_pool2d over float64 image planes: the maximum of each window and the flat {@code h * W + w} index of
 * its first maximum (a NaN wins, as in PyTorch); positions in the padding are skipped.
 * (Generated from MaxPoolF32 with float replaced by double.)
 */
final class MaxPoolF64 {
    private MaxPoolF64() {}

    static void planes(double[] x, int xo, double[] y, int yo, long[] idx, int io, int from, int to, int h, int w,
                       int oh, int ow, int k, int stride, int pad) {
        if (k == 2 && stride == 2 && pad == 0) {
            twoByTwo(x, xo, y, yo, idx, io, from, to, h, w, oh, ow);
            return;
        }
        for (int p = from; p < to; p++) {
            int xb = xo + p * h * w;
            int ob = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                int r0 = i * stride - pad;
                int rs = Math.max(r0, 0);
                int re = Math.min(r0 + k, h);
                for (int j = 0; j < ow; j++) {
                    int q0 = j * stride - pad;
                    int qs = Math.max(q0, 0);
                    int qe = Math.min(q0 + k, w);
                    double best = x[xb + rs * w + qs];
                    int at = rs * w + qs;
                    for (int r = rs; r < re && !Double.isNaN(best); r++) {
                        int row = xb + r * w;
                        for (int q = (r == rs ? qs + 1 : qs); q < qe; q++) {
                            double v = x[row + q];
                            if (v > best || Double.isNaN(v)) {
                                best = v;
                                at = r * w + q;
                                if (Double.isNaN(v)) break;
                            }
                        }
                    }
                    y[yo + ob + i * ow + j] = best;
                    idx[io + ob + i * ow + j] = at;
                }
            }
        }
    }

    /**
     * The 2x2, stride 2 windows without branches on the data (a max of random values mispredicts half of
     * them; C2 compiled the plain ternaries to branches): each candidate replaces the best when it is greater,
     * or NaN while the best is not, so the first maximum and the first NaN win as in the general loop. The
     * choice is a bit mask applied to the value bits and to the index.
     */
    private static void twoByTwo(double[] x, int xo, double[] y, int yo, long[] idx, int io, int from, int to,
                                 int h, int w, int oh, int ow) {
        for (int p = from; p < to; p++) {
            int xb = xo + p * h * w;
            int ob = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                int r0 = xb + 2 * i * w;
                int r1 = r0 + w;
                int o = yo + ob + i * ow;
                int oi = io + ob + i * ow;
                int at0 = 2 * i * w;
                for (int j = 0; j < ow; j++) {
                    int q = 2 * j;
                    double best = x[r0 + q];
                    int at = at0 + q;
                    double v = x[r0 + q + 1];
                    long m = take(v, best);
                    best = pick(m, v, best);
                    at = (int) ((m & (at0 + q + 1)) | (~m & at));
                    v = x[r1 + q];
                    m = take(v, best);
                    best = pick(m, v, best);
                    at = (int) ((m & (at0 + w + q)) | (~m & at));
                    v = x[r1 + q + 1];
                    m = take(v, best);
                    best = pick(m, v, best);
                    at = (int) ((m & (at0 + w + q + 1)) | (~m & at));
                    y[o + j] = best;
                    idx[oi + j] = at;
                }
            }
        }
    }

    /** All ones when {@code v} replaces {@code best} (greater, or NaN over a number), else 0; no branch. */
    private static long take(double v, double best) {
        // v > best is false with a NaN on either side; the NaN test is (v != v) & (best == best)
        return -((v > best ? 1 : 0) | ((v != v ? 1 : 0) & (best == best ? 1 : 0)));
    }

    private static double pick(long m, double v, double best) {
        return Double.longBitsToDouble((m & Double.doubleToRawLongBits(v)) | (~m & Double.doubleToRawLongBits(best)));
    }
}
