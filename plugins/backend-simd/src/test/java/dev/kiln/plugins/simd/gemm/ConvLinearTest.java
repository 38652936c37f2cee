package dev.kiln.plugins.simd.gemm;

import dev.kiln.DType;
import dev.kiln.plugins.simd.gemm.TestViews.SegStorage;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.View;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Linear} and {@link Conv2d} against direct loops in double. */
class ConvLinearTest {
    static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "conv-test");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void shutdown() { POOL.shutdown(); }

    static View contiguous(DType t, Random rnd, int... shape) {
        long[] strides = new long[shape.length];
        long numel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = numel;
            numel *= shape[d];
        }
        return new View(TestViews.random(t, numel + 2, rnd, null), t, 2, shape, strides);
    }

    static double at(View v, int... idx) {
        long at = v.offset();
        for (int d = 0; d < idx.length; d++) at += idx[d] * v.strides()[d];
        return TestViews.get((SegStorage) v.storage(), at);
    }

    static void assertClose(String what, double expected, double abs, double got, int terms) {
        assertEquals(expected, got, (terms + 2) * 0x1p-23 * abs + 1e-30, what);
    }

    @ParameterizedTest(name = "threads {0}, {1} bits")
    @org.junit.jupiter.params.provider.MethodSource("threadsAndWidths")
    void linearWithAndWithoutBias(int threads, int bits) {
        Matmul mm = new Matmul(MatmulTest.species(bits), POOL, threads, TestViews::segmentOf);
        Linear lin = new Linear(mm);
        Random rnd = new Random(5);
        int[][] shapes = {{1, 10, 10}, {64, 784, 512}, {64, 512, 10}, {7, 13, 31}, {3, 1, 257}};
        for (int[] s : shapes) {
            int n = s[0], k = s[1], m = s[2];
            for (boolean withBias : new boolean[]{true, false}) {
                View x = contiguous(DType.FLOAT32, rnd, n, k), w = contiguous(DType.FLOAT32, rnd, m, k);
                View b = withBias ? contiguous(DType.FLOAT32, rnd, m) : null;
                View out = contiguous(DType.FLOAT32, rnd, n, m);
                assertTrue(lin.linear(x, w, b, out));
                // the big shape: rows 0, 1, 37 and the last (every column), to keep the test quick
                int[] rows = (long) n * m * k > 1_000_000 ? new int[]{0, 1, 37, n - 1} : java.util.stream.IntStream.range(0, n).toArray();
                for (int i : rows) for (int j = 0; j < m; j++) {
                    double ref = b == null ? 0 : at(b, j), abs = Math.abs(ref);
                    for (int p = 0; p < k; p++) {
                        double t = at(x, i, p) * at(w, j, p);
                        ref += t;
                        abs += Math.abs(t);
                    }
                    assertClose("linear " + n + "x" + k + " -> " + m + " bias " + withBias + " (" + i + ", " + j + ")",
                            ref, abs, at(out, i, j), k + 1);
                }
            }
        }
    }

    @Test
    void linearFloat64() {
        Matmul mm = new Matmul(FloatVector.SPECIES_PREFERRED, null, 1, TestViews::segmentOf);
        Random rnd = new Random(6);
        View x = contiguous(DType.FLOAT64, rnd, 5, 33), w = contiguous(DType.FLOAT64, rnd, 9, 33);
        View b = contiguous(DType.FLOAT64, rnd, 9), out = contiguous(DType.FLOAT64, rnd, 5, 9);
        assertTrue(new Linear(mm).linear(x, w, b, out));
        for (int i = 0; i < 5; i++) for (int j = 0; j < 9; j++) {
            double ref = at(b, j), abs = Math.abs(ref);
            for (int p = 0; p < 33; p++) {
                ref += at(x, i, p) * at(w, j, p);
                abs += Math.abs(at(x, i, p) * at(w, j, p));
            }
            assertEquals(ref, at(out, i, j), 36 * 0x1p-52 * abs);
        }
    }

    /** {batch, cin, h, w, cout, kh, kw, stride, pad, dilation} */
    static final int[][] GEOMETRIES = {
            {2, 1, 32, 32, 6, 5, 5, 1, 0, 1},     // LeNet conv1
            {2, 6, 14, 14, 16, 5, 5, 1, 0, 1},    // LeNet conv2
            {1, 16, 28, 28, 32, 3, 3, 1, 1, 1},   // the benchmark's shape, one image (a batch below the pool: threaded GEMM)
            {2, 3, 11, 9, 5, 3, 2, 2, 2, 1},      // stride 2, padding 2, non-square kernel
            {1, 2, 13, 13, 7, 3, 3, 1, 1, 2},     // dilation 2
            {1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
    };

    static Im2Col geometry(int[] s) {
        return new Im2Col(s[1], s[2], s[3], s[5], s[6], s[7], s[7], s[8], s[8], s[9], s[9], 0.0);
    }

    /** input[n, c, y*stride - pad + i*dil, x*stride - pad + j*dil] or 0 outside. */
    static double in(View x, Im2Col g, int n, int c, int y, int xo, int i, int j) {
        int iy = y * g.strideH() - g.padH() + i * g.dilationH(), ix = xo * g.strideW() - g.padW() + j * g.dilationW();
        return iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width() ? 0 : at(x, n, c, iy, ix);
    }

    /** threads x species width (widths above the CPU's are skipped). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> threadsAndWidths() {
        return java.util.stream.Stream.of(new int[]{1, 512}, new int[]{2, 512}, new int[]{1, 256}, new int[]{2, 128})
                .filter(c -> c[1] <= FloatVector.SPECIES_PREFERRED.vectorBitSize())
                .map(c -> org.junit.jupiter.params.provider.Arguments.of(c[0], c[1]));
    }

    @ParameterizedTest(name = "threads {0}, {1} bits")
    @org.junit.jupiter.params.provider.MethodSource("threadsAndWidths")
    void conv2dForwardAndBackward(int threads, int bits) {
        Matmul mm = new Matmul(MatmulTest.species(bits), POOL, threads, TestViews::segmentOf);
        Conv2d conv = new Conv2d(mm);
        Random rnd = new Random(11);
        for (int[] s : GEOMETRIES) {
            Im2Col g = geometry(s);
            int n = s[0], cin = s[1], cout = s[4], kh = s[5], kw = s[6], oh = g.outH(), ow = g.outW();
            String name = java.util.Arrays.toString(s);
            View x = contiguous(DType.FLOAT32, rnd, n, cin, s[2], s[3]), w = contiguous(DType.FLOAT32, rnd, cout, cin, kh, kw);
            View b = contiguous(DType.FLOAT32, rnd, cout), out = contiguous(DType.FLOAT32, rnd, n, cout, oh, ow);
            assertTrue(conv.forward(x, w, b, g, out));
            for (int i = 0; i < n; i++) for (int co = 0; co < cout; co++) for (int y = 0; y < oh; y++) for (int xo = 0; xo < ow; xo++) {
                double ref = at(b, co), abs = Math.abs(ref);
                for (int c = 0; c < cin; c++) for (int ki = 0; ki < kh; ki++) for (int kj = 0; kj < kw; kj++) {
                    double t = in(x, g, i, c, y, xo, ki, kj) * at(w, co, c, ki, kj);
                    ref += t;
                    abs += Math.abs(t);
                }
                assertClose("forward " + name, ref, abs, at(out, i, co, y, xo), cin * kh * kw + 1);
            }
            // backward: gradInput[n, c, iy, ix] = sum over (co, y, x, i, j) hitting it of gradOut * w
            View go = contiguous(DType.FLOAT32, rnd, n, cout, oh, ow);
            View gi = contiguous(DType.FLOAT32, rnd, n, cin, s[2], s[3]);
            View gw = contiguous(DType.FLOAT32, rnd, cout, cin, kh, kw);
            assertTrue(conv.backwardInput(go, w, g, gi));
            assertTrue(conv.backwardWeight(go, x, g, gw));
            double[][][][] refIn = new double[n][cin][s[2]][s[3]], absIn = new double[n][cin][s[2]][s[3]];
            double[][][][] refW = new double[cout][cin][kh][kw], absW = new double[cout][cin][kh][kw];
            for (int i = 0; i < n; i++) for (int co = 0; co < cout; co++) for (int y = 0; y < oh; y++) for (int xo = 0; xo < ow; xo++)
                for (int c = 0; c < cin; c++) for (int ki = 0; ki < kh; ki++) for (int kj = 0; kj < kw; kj++) {
                    double gv = at(go, i, co, y, xo);
                    int iy = y * g.strideH() - g.padH() + ki * g.dilationH(), ix = xo * g.strideW() - g.padW() + kj * g.dilationW();
                    if (iy < 0 || iy >= s[2] || ix < 0 || ix >= s[3]) continue;
                    refIn[i][c][iy][ix] += gv * at(w, co, c, ki, kj);
                    absIn[i][c][iy][ix] += Math.abs(gv * at(w, co, c, ki, kj));
                    refW[co][c][ki][kj] += gv * at(x, i, c, iy, ix);
                    absW[co][c][ki][kj] += Math.abs(gv * at(x, i, c, iy, ix));
                }
            for (int i = 0; i < n; i++) for (int c = 0; c < cin; c++) for (int iy = 0; iy < s[2]; iy++) for (int ix = 0; ix < s[3]; ix++) {
                assertClose("backwardInput " + name, refIn[i][c][iy][ix], absIn[i][c][iy][ix], at(gi, i, c, iy, ix), cout * kh * kw);
            }
            for (int co = 0; co < cout; co++) for (int c = 0; c < cin; c++) for (int ki = 0; ki < kh; ki++) for (int kj = 0; kj < kw; kj++) {
                assertClose("backwardWeight " + name, refW[co][c][ki][kj], absW[co][c][ki][kj], at(gw, co, c, ki, kj), n * oh * ow);
            }
        }
    }

    @Test
    void conv2dDeclinesWhatItDoesNotHandleWithoutWriting() {
        Conv2d conv = new Conv2d(new Matmul(FloatVector.SPECIES_PREFERRED, null, 1, TestViews::segmentOf));
        Random rnd = new Random(1);
        Im2Col g = new Im2Col(2, 5, 5, 3, 3, 1, 1, 0, 0, 1, 1, 0.0);
        View x = contiguous(DType.FLOAT64, rnd, 1, 2, 5, 5), w = contiguous(DType.FLOAT64, rnd, 3, 2, 3, 3);
        View out = contiguous(DType.FLOAT64, rnd, 1, 3, 3, 3);
        double before = at(out, 0, 1, 1, 1);
        assertFalse(conv.forward(x, w, null, g, out));
        assertEquals(before, at(out, 0, 1, 1, 1));
        View xf = contiguous(DType.FLOAT32, rnd, 1, 2, 5, 5);
        View transposed = new View(xf.storage(), DType.FLOAT32, xf.offset(), new int[]{1, 2, 5, 5}, new long[]{50, 25, 1, 5});
        View wf = contiguous(DType.FLOAT32, rnd, 3, 2, 3, 3), of = contiguous(DType.FLOAT32, rnd, 1, 3, 3, 3);
        assertFalse(conv.forward(transposed, wf, null, g, of));
    }
}
