package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.core.ops.Im2ColOps;
import dev.kiln.nn.F;
import dev.kiln.spi.Im2Col;
import org.junit.jupiter.api.Test;

import static dev.kiln.core.autograd.NnGradFixtures.assertNode;
import static dev.kiln.core.autograd.NnGradFixtures.assertValues;
import static dev.kiln.core.autograd.NnGradFixtures.constant;
import static dev.kiln.core.autograd.NnGradFixtures.grad;
import static dev.kiln.core.autograd.NnGradFixtures.gradWithGraph;
import static dev.kiln.core.autograd.NnGradFixtures.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** F.linear and F.conv2d: PyTorch's graph shape and its gradients (PyTorch 1.13, float64). */
class NnLinearConvTest {

    private static final double[] LINEAR_X = {-0.109375, -0.25, 0.015625, 0.078125, 0.203125, -0.078125};
    private static final double[] LINEAR_W = {0.15625, -0.0625, 0.125, -0.671875, 0.4375, -0.6875, 0.125, -0.078125, 0.125,
            -0.703125, 0.421875, -0.6875};

    @Test
    void linearWithBiasIsOneAddmmNodeOverBiasInputAndTransposedWeight() {
        Tensor x = seq(1, 2, 3);
        Tensor w = seq(2, 4, 3);
        Tensor b = seq(3, 4);
        Tensor y = F.linear(x, w, b);
        assertNode(y.gradFn(), "AddmmBackward0", "AccumulateGrad", "AccumulateGrad", "TBackward0");
        assertNode(y.gradFn().next(2), "TBackward0", "AccumulateGrad");
        y.backward(constant(4, 2, 4));
        assertValues(LINEAR_X, x.grad());
        assertValues(LINEAR_W, w.grad());
        assertValues(new double[] {-0.25, -0.125, 0.0, 0.125}, b.grad());
    }

    @Test
    void linearEdgesPointAtTheirOwnLeaves() {
        Tensor x = seq(1, 2, 3);
        Tensor w = seq(2, 4, 3);
        Tensor b = seq(3, 4);
        GradFn fn = F.linear(x, w, b).gradFn();
        Tensor probe = seq(5, 4);
        b.backward(probe);
        // the bias's AccumulateGrad is next(0): a gradient through it lands in b.grad
        assertValues(probe.toDoubleArray(), b.grad());
        assertSame(fn.next(0), F.linear(x.detach(), w.detach(), b).gradFn().next(0));
    }

    @Test
    void linearWithoutBiasIsMmOverInputAndTransposedWeight() {
        Tensor x = seq(1, 2, 3);
        Tensor w = seq(2, 4, 3);
        Tensor y = F.linear(x, w, null);
        assertNode(y.gradFn(), "MmBackward0", "AccumulateGrad", "TBackward0");
        y.backward(constant(4, 2, 4));
        assertValues(LINEAR_X, x.grad());
        assertValues(LINEAR_W, w.grad());
    }

    @Test
    void linearOnAConstantInputHasAnEmptyInputEdge() {
        Tensor w = seq(2, 4, 3);
        Tensor b = seq(3, 4);
        Tensor y = F.linear(constant(1, 2, 3), w, b);
        assertNode(y.gradFn(), "AddmmBackward0", "AccumulateGrad", null, "TBackward0");
        y.backward(constant(4, 2, 4));
        assertValues(LINEAR_W, w.grad());
    }

    @Test
    void linearOverABatchOfSequencesViewsAnAddmm() {
        Tensor x = seq(1, 2, 2, 3);
        Tensor w = seq(2, 4, 3);
        Tensor b = seq(3, 4);
        Tensor y = F.linear(x, w, b);
        assertArrayEquals(new int[] {2, 2, 4}, y.shape());
        assertEquals("ViewBackward0", y.gradFn().name());
        assertEquals("AddmmBackward0", y.gradFn().next(0).name());
        y.backward(constant(4, 2, 2, 4));
        assertValues(new double[] {-0.109375, -0.25, 0.015625, 0.078125, 0.203125, -0.078125, -0.140625, 0.453125, -0.171875,
                -0.359375, 0.703125, -0.265625}, x.grad());
        assertValues(new double[] {0.46875, 0.09375, -0.28125, -0.734375, 0.125, -0.4375, 0.5, 0.15625, -0.390625, -0.703125,
                0.1875, -0.546875}, w.grad());
        assertValues(new double[] {0.5, -0.875, 1.0, -0.375}, b.grad());
    }

    @Test
    void linearOfAVector() {
        Tensor x = seq(1, 3);
        Tensor w = seq(2, 4, 3);
        Tensor b = seq(3, 4);
        Tensor y = F.linear(x, w, b);
        assertEquals("AddBackward0", y.gradFn().name());
        y.backward(constant(4, 4));
        assertValues(new double[] {-0.109375, -0.25, 0.015625}, x.grad());
        assertValues(new double[] {0.15625, -0.0625, 0.125, -0.390625, 0.15625, -0.3125, 0.078125, -0.03125, 0.0625,
                -0.46875, 0.1875, -0.375}, w.grad());
        assertValues(new double[] {-0.25, 0.625, -0.125, 0.75}, b.grad());
    }

    @Test
    void linearDoubleBackward() {
        Tensor x = seq(1, 2, 3);
        Tensor w = seq(2, 4, 3);
        Tensor b = seq(3, 4);
        Tensor gy = constant(4, 2, 4);
        Tensor gx = gradWithGraph(F.linear(x, w, b), gy, x).get(0);
        assertValues(new double[] {0.03125, -0.1875, 0.0, 0.484375, 0.375, 0.46875, -0.078125, -0.078125, -0.078125, 0.375,
                0.484375, 0.390625}, grad(gx, constant(5, 2, 3), w));
        Tensor gw = gradWithGraph(F.linear(x, w, b), gy, w).get(0);
        assertValues(new double[] {-0.625, 0.859375, -0.5, 0.671875, -0.625, 0.515625}, grad(gw, constant(6, 4, 3), x));
    }

    // ---- conv2d ----

    private static final double[] CONV_X = {0.15625, 0.3125, -0.390625, 0.640625, 0.078125, -0.0625, -0.53125, 0.875,
            0.328125, -0.625, -0.46875, 0.6875, 0.0, -0.40625, -0.140625, 0.921875, 0.421875, -0.578125, 0.46875, -0.25,
            -0.078125, -0.359375, -0.21875, -0.234375, -0.15625, -0.28125, 0.40625, -0.0625, 0.640625, -0.25, 0.34375,
            -0.015625, -0.03125, -0.15625, 0.203125, -0.03125, 0.5, -0.21875, -0.28125, 0.8125, 0.03125, -0.234375, 0.265625,
            1.453125, -0.71875, -0.1875, -0.421875, 0.84375, -0.390625, -0.15625, -0.390625, 0.640625, 0.078125, 0.359375,
            -0.46875, 0.875, 0.328125, -0.625, 0.171875, 0.921875, 0.0, -0.40625, -0.140625, -0.28125, -0.078125, -0.578125,
            0.46875, -0.25, -0.5, -0.328125, -0.21875, -0.234375, -0.15625, -0.3125, 0.921875, -0.0625, 0.640625, -0.25,
            0.265625, -0.03125, -0.03125, -0.15625, 0.203125, 0.921875, 0.03125, -0.21875, -0.28125, 0.8125, -0.25, -0.1875,
            0.265625, 1.453125, -0.71875, -0.515625, 0.9375, 0.84375, -0.390625, -0.15625, -0.15625, -0.140625};
    private static final double[] CONV_W = {0.109375, 0.078125, -0.328125, 0.171875, -2.15625, 0.328125, -0.796875, 0.953125,
            -0.21875, -0.375, -0.21875, 0.4375, -1.09375, 0.90625, -1.09375, 1.25, -0.828125, 0.4375, -0.21875, 0.296875,
            0.359375, 0.390625, 0.40625, -1.078125, 0.296875, -0.453125, 0.265625, 0.4375, -0.21875, -0.375, -0.078125,
            0.296875, 0.9375, -0.375, 0.390625, -0.375, 0.265625, -0.5, 0.234375, 0.40625, 1.75, -0.859375, 0.171875,
            -0.640625, 0.140625, -0.375, 0.390625, -0.375, 0.9375, 0.09375, 0.9375, -0.375, 0.390625, -0.375};

    @Test
    void conv2dIsOneConvolutionNodeWithStrideAndPadding() {
        Tensor x = seq(1, 2, 2, 5, 5);
        Tensor w = seq(2, 3, 2, 3, 3);
        Tensor b = seq(3, 3);
        Tensor y = F.conv2d(x, w, b, 2, 1);
        assertArrayEquals(new int[] {2, 3, 3, 3}, y.shape());
        assertNode(y.gradFn(), "ConvolutionBackward0", "AccumulateGrad", "AccumulateGrad", "AccumulateGrad");
        y.backward(constant(4, 2, 3, 3, 3));
        assertValues(CONV_X, x.grad());
        assertValues(CONV_W, w.grad());
        assertValues(new double[] {-0.25, 1.75, -1.125}, b.grad());
    }

    @Test
    void conv2dWithoutBiasHasAnEmptyThirdEdge() {
        Tensor x = seq(1, 2, 2, 5, 5);
        Tensor w = seq(2, 3, 2, 3, 3);
        Tensor y = F.conv2d(x, w, null, 2, 1);
        assertNode(y.gradFn(), "ConvolutionBackward0", "AccumulateGrad", "AccumulateGrad", null);
        y.backward(constant(4, 2, 3, 3, 3));
        assertValues(CONV_X, x.grad());
        assertValues(CONV_W, w.grad());
    }

    @Test
    void conv2dOfAnUnbatchedImage() {
        Tensor x = seq(1, 2, 4, 4);
        Tensor w = seq(2, 3, 2, 3, 3);
        Tensor y = F.conv2d(x, w, null);
        assertArrayEquals(new int[] {3, 2, 2}, y.shape());
        assertEquals("ConvolutionBackward0", y.gradFn().next(0).name());
        y.backward(constant(4, 3, 2, 2));
        assertValues(new double[] {0.15625, -1.09375, 0.796875, -0.921875, -0.0625, -0.390625, 0.796875, -0.359375, -0.09375,
                0.53125, 0.5, 0.59375, 0.125, -0.046875, 0.671875, 0.078125, 0.15625, -0.53125, 0.140625, -0.765625, -0.15625,
                0.34375, -0.90625, -0.140625, -0.1875, -0.359375, -0.390625, 0.8125, 0.234375, -1.09375, 0.640625, 0.140625},
                x.grad());
        assertValues(new double[] {0.734375, -0.625, 0.859375, 0.984375, -0.375, -0.109375, 0.015625, 0.078125, -0.875, -0.5,
                0.984375, -0.375, -0.046875, 0.015625, 0.078125, 0.609375, -0.75, 0.734375, -0.546875, 0.59375, -0.703125,
                -0.859375, 0.28125, 0.0, -0.15625, -0.234375, 0.90625, 0.4375, -0.859375, 0.28125, -0.078125, -0.15625,
                -0.234375, -0.390625, 0.75, -0.546875, -0.609375, 0.59375, -0.640625, -0.671875, 0.53125, -0.09375, -0.125,
                -0.140625, 0.65625, 0.5625, -0.671875, 0.53125, -0.109375, -0.125, -0.140625, -0.578125, 0.625, -0.609375},
                w.grad());
    }

    @Test
    void conv2dOfATransposedView() {
        Tensor x = seq(1, 2, 2, 4, 4);
        Tensor w = seq(2, 3, 2, 3, 3);
        Tensor y = F.conv2d(x.transpose(2, 3), w, null, 1, 1);
        y.backward(constant(4, 2, 3, 4, 4));
        assertValues(new double[] {0.5, 0.296875, 1.046875, -0.875, -1.453125, -0.25, -1.046875, 1.59375, 2.625, -0.296875,
                0.125, -1.328125, -1.15625, 0.5, -0.703125, 1.78125, 2.453125, 0.328125, -0.25, -0.421875, -1.8125, -1.328125,
                -0.96875, 2.03125, 2.59375, 0.4375, -0.625, -0.5625, -1.203125, 0.984375, 0.6875, 0.4375, -1.140625, 0.765625,
                0.296875, -0.234375, 0.921875, -2.09375, -0.25, 0.078125, -0.6875, 2.734375, -0.296875, -0.8125, -0.34375,
                -0.9375, 0.5, -0.203125, -0.46875, 2.125, 0.328125, -0.25, -0.75, -1.6875, -1.328125, 0.015625, 0.609375,
                2.3125, 0.4375, -0.546875, -1.265625, -0.953125, 0.984375, 0.625}, x.grad());
    }

    @Test
    void conv2dDoubleBackward() {
        Tensor x = seq(1, 2, 2, 5, 5);
        Tensor w = seq(2, 3, 2, 3, 3);
        Tensor b = seq(3, 3);
        Tensor gy = constant(4, 2, 3, 3, 3);
        Tensor gx = gradWithGraph(F.conv2d(x, w, b, 2, 1), gy, x).get(0);
        assertValues(new double[] {0.53125, 0.21875, -0.359375, 1.15625, -0.046875, -0.6875, 0.09375, -1.046875, 0.21875,
                0.859375, 0.328125, 0.0, -0.515625, 0.984375, 0.328125, -0.703125, 0.625, -0.546875, 0.21875, -0.65625,
                0.34375, 0.484375, 0.265625, -0.34375, 0.390625, 0.109375, -0.90625, -0.546875, 0.65625, -0.390625, 0.421875,
                0.359375, -0.359375, -0.078125, 0.546875, 0.078125, -0.90625, 0.296875, 0.4375, 0.625, -0.4375, -0.8125,
                0.484375, 0.859375, -0.8125, 0.078125, -0.84375, 0.234375, -0.265625, 0.34375, -0.234375, 0.546875, 0.265625,
                0.703125}, grad(gx, constant(5, 2, 2, 5, 5), w));
        Tensor gw = gradWithGraph(F.conv2d(x, w, b, 2, 1), gy, w).get(0);
        assertValues(new double[] {0.625, -0.484375, -0.03125, -0.171875, 0.53125, -0.875, 0.265625, 0.046875, 0.28125,
                0.359375, -0.125, -0.15625, 0.4375, 0.5625, -0.625, 0.0625, 0.3125, 0.375, -0.484375, 0.6875, 0.34375,
                0.578125, -0.71875, 0.6875, 0.25, -0.21875, 0.625, -0.109375, -0.375, -0.203125, 0.34375, 0.375, -0.046875,
                -0.609375, -0.640625, -0.09375, -0.34375, -0.1875, -0.53125, -0.078125, -0.015625, -0.75, -0.609375, 0.09375,
                1.03125, -0.171875, -0.5, -0.0625, 0.9375, -0.15625, -0.03125, -0.171875, 0.53125, -0.46875, -0.125,
                0.046875, 0.28125, 0.359375, 0.09375, 0.0625, 0.4375, 0.5625, -0.625, 0.671875, 0.34375, 0.375, -0.484375,
                0.6875, 0.34375, -0.21875, -0.71875, 0.6875, 0.25, -0.21875, -0.40625, -0.109375, -0.375, -0.203125, 0.65625,
                -0.09375, -0.046875, -0.609375, -0.640625, 0.4375, -0.015625, -0.1875, -0.53125, -0.078125, 0.90625,
                -0.171875, -0.609375, 0.09375, 1.03125, -0.078125, -0.78125, -0.0625, 0.9375, -0.15625, -0.875, 0.765625},
                grad(gw, constant(6, 3, 2, 3, 3), x));
    }

    // ---- the differentiable im2col / col2im pair ----

    @Test
    void col2imIsTheAdjointOfIm2col() {
        Im2Col g = new Im2Col(2, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1, 0);
        Tensor x = constant(1, 2, 2, 5, 4);
        Tensor c = constant(2, 2, g.colRows(), g.colCols());
        double left = dot(Im2ColOps.im2col(x, g), c);
        double right = dot(x, Im2ColOps.col2im(c, g));
        assertEquals(left, right, 1e-12);
    }

    @Test
    void im2colAndCol2imAreEachOthersDerivative() {
        Im2Col g = new Im2Col(2, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1, 0);
        Tensor x = seq(1, 2, 2, 5, 4);
        Tensor cols = Im2ColOps.im2col(x, g);
        assertNode(cols.gradFn(), "Im2ColBackward0", "AccumulateGrad");
        Tensor gc = constant(3, 2, g.colRows(), g.colCols());
        cols.backward(gc);
        assertValues(Im2ColOps.col2im(gc, g).toDoubleArray(), x.grad());

        Tensor c = seq(2, 2, g.colRows(), g.colCols());
        Tensor img = Im2ColOps.col2im(c, g);
        assertNode(img.gradFn(), "Col2ImBackward0", "AccumulateGrad");
        Tensor gi = constant(4, 2, 2, 5, 4);
        img.backward(gi);
        assertValues(Im2ColOps.im2col(gi, g).toDoubleArray(), c.grad());
    }

    @Test
    void im2colRefusesANonZeroPadValue() {
        Im2Col g = new Im2Col(1, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1, Double.NEGATIVE_INFINITY);
        String m = assertThrows(IllegalArgumentException.class, () -> Im2ColOps.im2col(constant(1, 1, 1, 3, 3), g)).getMessage();
        assertEquals(true, m.startsWith("im2col: the differentiable form needs pad value 0"), m);
    }

    @Test
    void conv2dOfConstantsRecordsNothing() {
        assertNull(F.conv2d(constant(1, 1, 2, 4, 4), constant(2, 3, 2, 3, 3), constant(3, 3)).gradFn());
    }

    private static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        assertEquals(x.length, y.length);
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }
}
