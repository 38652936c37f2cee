package dev.kiln.plugins.simd.fused;

/**
 * max_pool2d over float32 image planes: the maximum of each window and the flat {@code h * W + w} index of
 * its first maximum (a NaN wins, as in PyTorch); positions in the padding are skipped.
 * (MaxPoolF64 is generated from this file with float replaced by double.)
 */
final class MaxPoolF32 {
    private MaxPoolF32() {}

    static void planes(float[] x, int xo, float[] y, int yo, long[] idx, int io, int from, int to, int h, int w,
                       int oh, int ow, int k, int stride, int pad) {
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
                    float best = x[xb + rs * w + qs];
                    int at = rs * w + qs;
                    for (int r = rs; r < re && !Float.isNaN(best); r++) {
                        int row = xb + r * w;
                        for (int q = (r == rs ? qs + 1 : qs); q < qe; q++) {
                            float v = x[row + q];
                            if (v > best || Float.isNaN(v)) {
                                best = v;
                                at = r * w + q;
                                if (Float.isNaN(v)) break;
                            }
                        }
                    }
                    y[yo + ob + i * ow + j] = best;
                    idx[io + ob + i * ow + j] = at;
                }
            }
        }
    }
}
