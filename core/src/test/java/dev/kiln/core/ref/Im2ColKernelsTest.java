package dev.kiln.core.ref;

import dev.kiln.DType;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.View;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.kiln.core.ref.Fixtures.doubles;
import static dev.kiln.core.ref.Fixtures.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** im2col against a direct convolution; col2im as its adjoint. */
class Im2ColKernelsTest {
    private final ReferenceBackend b = new ReferenceBackend();

    private static double[] random(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(9) - 4;
        return v;
    }

    @Test
    void im2colTimesWeightsIsADirectConvolutionWithStride2AndPadding1() {
        int n = 2, c = 2, h = 5, w = 4, kh = 3, kw = 3, oc = 3;
        Im2Col g = new Im2Col(c, h, w, kh, kw, 2, 2, 1, 1, 1, 1, 0.0);
        int outH = g.outH(), outW = g.outW();
        assertEquals(3, outH);
        assertEquals(2, outW);
        double[] x = random(n * c * h * w, 1);
        double[] wt = random(oc * c * kh * kw, 2);
        View input = of(b, DType.FLOAT64, x, n, c, h, w);
        View cols = Fixtures.empty(b, DType.FLOAT64, n, g.colRows(), g.colCols());
        b.im2col(input, g, cols);

        // conv through the columns: y[n][o][p] = sum_r wt[o][r] * cols[n][r][p], with the backend's matmul
        View weights = Fixtures.restride(of(b, DType.FLOAT64, wt, oc, g.colRows()), 0,
                new int[] {n, oc, g.colRows()}, new long[] {0, g.colRows(), 1});
        View y = Fixtures.empty(b, DType.FLOAT64, n, oc, g.colCols());
        b.matmul(weights, cols, y);

        double[] direct = new double[n * oc * outH * outW];
        for (int ni = 0; ni < n; ni++)
            for (int o = 0; o < oc; o++)
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        double s = 0;
                        for (int ci = 0; ci < c; ci++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    int ih = oh * 2 - 1 + i, iw = ow * 2 - 1 + j;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    s += wt[((o * c + ci) * kh + i) * kw + j] * x[((ni * c + ci) * h + ih) * w + iw];
                                }
                        direct[((ni * oc + o) * outH + oh) * outW + ow] = s;
                    }
        assertArrayEquals(direct, doubles(y));
    }

    @Test
    void paddingReadsThePadValue() {
        Im2Col g = new Im2Col(1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, Double.NEGATIVE_INFINITY);
        View input = of(b, DType.FLOAT32, new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        View cols = Fixtures.empty(b, DType.FLOAT32, 1, 4, 9);
        b.im2col(input, g, cols);
        double ninf = Double.NEGATIVE_INFINITY;
        // row (i=0, j=0): input[oh - 1][ow - 1] over the 3x3 output
        assertArrayEquals(new double[] {ninf, ninf, ninf, ninf, 1, 2, ninf, 3, 4},
                java.util.Arrays.copyOfRange(doubles(cols), 0, 9));
        // row (i=1, j=1): input[oh][ow]
        assertArrayEquals(new double[] {1, 2, ninf, 3, 4, ninf, ninf, ninf, ninf},
                java.util.Arrays.copyOfRange(doubles(cols), 27, 36));
    }

    @Test
    void col2imIsTheAdjointOfIm2colAndAddsIntoOut() {
        // dilation 2 and asymmetric stride, over a transposed (non-contiguous) image view
        int n = 1, c = 2, h = 6, w = 7;
        Im2Col g = new Im2Col(c, h, w, 2, 3, 2, 1, 1, 2, 2, 1, 0.0);
        double[] xv = random(n * c * w * h, 3);
        View xStored = of(b, DType.FLOAT64, xv, n, c, w, h);
        View x = Fixtures.transpose(xStored, 2, 3);                // [n, c, h, w]
        double[] yv = random(n * g.colRows() * g.colCols(), 4);
        View y = of(b, DType.FLOAT64, yv, n, g.colRows(), g.colCols());

        View cols = Fixtures.empty(b, DType.FLOAT64, n, g.colRows(), g.colCols());
        b.im2col(x, g, cols);
        double lhs = 0;
        double[] cv = doubles(cols);
        for (int i = 0; i < cv.length; i++) lhs += cv[i] * yv[i];

        View back = of(b, DType.FLOAT64, new double[n * c * h * w], n, c, h, w);
        b.col2im(y, g, back);
        double rhs = 0;
        double[] bv = doubles(back);
        double[] xs = doubles(x);
        for (int i = 0; i < bv.length; i++) rhs += bv[i] * xs[i];
        assertEquals(lhs, rhs, "<im2col(x), y> == <x, col2im(y)>");

        // col2im adds: a second call doubles the result
        b.col2im(y, g, back);
        double[] twice = doubles(back);
        for (int i = 0; i < bv.length; i++) assertEquals(2 * bv[i], twice[i]);
    }

    @Test
    void col2imOfOnesCountsWindows() {
        // 3x3 input, 2x2 kernel, stride 1, no padding: the centre is covered by 4 windows, corners by 1
        Im2Col g = new Im2Col(1, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1, 0.0);
        View ones = of(b, DType.FLOAT32, new double[16], 1, 4, 4);
        b.fill(ones, 1);
        View out = Fixtures.empty(b, DType.FLOAT32, 1, 1, 3, 3);
        b.col2im(ones, g, out);
        assertArrayEquals(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, doubles(out));
    }
}
