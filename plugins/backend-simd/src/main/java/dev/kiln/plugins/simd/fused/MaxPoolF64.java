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
     * them): each candidate replaces the best when it is greater, or NaN while the best is not, so the first
     * maximum and the first NaN win as in the general loop.
     */
    private static void twoByTwo(double[] x, int xo, double[] y, int yo, long[] idx, int io, int from, int to,
                                 int h, int w, int oh, int ow) {
        for (int p = from; p < to; p++) {
            int xb = xo + p * h * w;
            int ob = p * oh * ow;
            for (int i = 0; i < oh; i++) {
                int r0 = xb + 2 * i * w;
                int r1 = r0 + w;
                int o = ob + i * ow;
                int at0 = 2 * i * w;
                for (int j = 0; j < ow; j++) {
                    int q = 2 * j;
                    double best = x[r0 + q];
                    int at = at0 + q;
                    double v = x[r0 + q + 1];
                    boolean take = v > best || (v != v && best == best);
                    best = take ? v : best;
                    at = take ? at0 + q + 1 : at;
                    v = x[r1 + q];
                    take = v > best || (v != v && best == best);
                    best = take ? v : best;
                    at = take ? at0 + w + q : at;
                    v = x[r1 + q + 1];
                    take = v > best || (v != v && best == best);
                    best = take ? v : best;
                    at = take ? at0 + w + q + 1 : at;
                    y[yo + o + j] = best;
                    idx[io + o + j] = at;
                }
            }
        }
    }
}
