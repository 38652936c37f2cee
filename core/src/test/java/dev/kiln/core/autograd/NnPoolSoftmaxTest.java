package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.nn.F;
import org.junit.jupiter.api.Test;

import static dev.kiln.core.autograd.NnGradFixtures.assertNode;
import static dev.kiln.core.autograd.NnGradFixtures.assertValues;
import static dev.kiln.core.autograd.NnGradFixtures.constant;
import static dev.kiln.core.autograd.NnGradFixtures.distinct;
import static dev.kiln.core.autograd.NnGradFixtures.grad;
import static dev.kiln.core.autograd.NnGradFixtures.gradWithGraph;
import static dev.kiln.core.autograd.NnGradFixtures.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** max_pool2d, softmax and log_softmax: node names and gradients against PyTorch 1.13 (float64). */
class NnPoolSoftmaxTest {

    @Test
    void maxPool2dRoutesTheGradientToTheMaxima() {
        Tensor x = distinct(1, 1, 2, 5, 5);
        Tensor.ValuesIndices r = F.maxPool2dWithIndices(x, 2, 0, 0);
        assertNode(r.values().gradFn(), "MaxPool2DWithIndicesBackward0", "AccumulateGrad");
        assertEquals(DType.INT64, r.indices().dtype());
        assertFalse(r.indices().requiresGrad());
        assertNull(r.indices().gradFn());
        assertArrayEquals(new long[] {5, 8, 16, 13, 1, 2, 10, 13}, r.indices().toLongArray());
        r.values().backward(constant(4, 1, 2, 2, 2));
        assertValues(new double[] {0.0, 0.0, 0.0, 0.0, 0.0, -0.25, 0.0, 0.0, 0.625, 0.0, 0.0, 0.0, 0.0, 0.75, 0.0, 0.0,
                -0.125, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.75, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.125, 0.0,
                0.0, -0.625, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}, x.grad());
    }

    private static final double[] OVERLAPPING_GRAD = {0.0, 0.0, 0.0, 0.0, 0.0, -0.25, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.0, 0.0, 0.25, 0.0, 0.0, -0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.5, 0.375, 0.0, -0.375, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.5, 0.0, 0.0, 0.375, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.625, 0.0, 0.0, 0.0};

    @Test
    void overlappingPaddedWindowsAccumulateAtAMaximumSharedByTwoWindows() {
        Tensor x = distinct(1, 1, 2, 5, 5);
        Tensor y = F.maxPool2d(x, 3, 2, 1);
        assertValues(new double[] {2.1875, 2.8125, 2.8125, 2.375, 2.8125, 3.0, 2.375, 2.375, 3.0, 0.25, 2.5625, 0.875, 2.125,
                2.75, 2.75, 2.3125, 2.3125, 2.9375}, y);
        y.backward(constant(4, 1, 2, 3, 3));
        assertValues(OVERLAPPING_GRAD, x.grad());
    }

    @Test
    void maxPool2dOfAnUnbatchedImageIsOneNodeToo() {
        Tensor x = distinct(1, 2, 4, 4);
        Tensor y = F.maxPool2d(x, 2);
        assertNode(y.gradFn(), "MaxPool2DWithIndicesBackward0", "AccumulateGrad");
        y.backward(constant(4, 2, 2, 2));
        assertValues(new double[] {0.0, 0.0, 0.625, 0.0, 0.0, -0.25, 0.0, 0.0, -0.125, 0.0, 0.75, 0.0, 0.0, 0.0, 0.0, 0.0,
                0.0, 0.0, 0.0, -0.75, 0.0, 0.0, 0.0, 0.0, 0.125, 0.0, 0.0, -0.625, 0.0, 0.0, 0.0, 0.0}, x.grad());
    }

    @Test
    void maxPool2dDoubleBackwardIsLinearInTheOutputGradient() {
        Tensor x = distinct(1, 1, 2, 5, 5);
        Tensor gy = seq(4, 1, 2, 3, 3);
        Tensor gx = gradWithGraph(F.maxPool2d(x, 3, 2, 1), gy, x).get(0);
        assertValues(OVERLAPPING_GRAD, gx);
        assertValues(new double[] {-0.625, 0.375, 0.375, -0.75, 0.375, 0.25, -0.75, -0.75, 0.25, -0.125, 0.75, -0.75, -0.375,
                0.625, 0.625, -0.5, -0.5, 0.5}, grad(gx, constant(5, 1, 2, 5, 5), gy));
    }

    @Test
    void softmaxAlongEachDim() {
        Tensor gy = constant(4, 2, 3);
        Tensor x = seq(1, 2, 3);
        Tensor y = F.softmax(x, 1);
        assertNode(y.gradFn(), "SoftmaxBackward0", "AccumulateGrad");
        y.backward(gy);
        assertValues(new double[] {-0.10909164707958145, 0.20145474739717084, -0.0923631003175894, 0.3025608789431221,
                0.006948472925629971, -0.3095093518687521}, x.grad());
        Tensor x0 = seq(1, 2, 3);
        x0.softmax(0).backward(gy);
        assertValues(new double[] {-0.19661193324148185, 0.14193231558870026, 0.12288245827592614, 0.19661193324148185,
                -0.14193231558870026, -0.12288245827592616}, x0.grad());
    }

    @Test
    void softmaxDoubleBackward() {
        Tensor x = seq(1, 2, 3);
        Tensor gx = gradWithGraph(F.softmax(x, 1), constant(4, 2, 3), x).get(0);
        assertValues(new double[] {0.01758810561140527, -0.01052052384630395, -0.007067581765101315, -0.05192897679515435,
                0.01051171746452343, 0.041417259330630916}, grad(gx, constant(5, 2, 3), x));
    }

    @Test
    void logSoftmaxAlongEachDim() {
        Tensor gy = constant(4, 2, 3);
        Tensor x = seq(1, 2, 3);
        Tensor y = F.logSoftmax(x, 1);
        assertNode(y.gradFn(), "LogSoftmaxBackward0", "AccumulateGrad");
        y.backward(gy);
        assertValues(new double[] {-0.3051629942723971, 0.4926708558986981, -0.18750786162630095, 0.75, 0.0, -0.75}, x.grad());
        Tensor x0 = seq(1, 2, 3);
        x0.logSoftmax(-2).backward(gy);
        assertValues(new double[] {-0.38447071068499755, 0.21790320958371612, 0.11032374369874572, 0.38447071068499755,
                -0.2179032095837161, -0.11032374369874572}, x0.grad());
    }

    @Test
    void logSoftmaxDoubleBackward() {
        Tensor x = seq(1, 2, 3);
        Tensor gx = gradWithGraph(F.logSoftmax(x, 1), constant(4, 2, 3), x).get(0);
        assertValues(new double[] {0.027272911769895363, -0.05036368684929272, 0.023090775079397347, 0.0, 0.0, 0.0},
                grad(gx, constant(5, 2, 3), x));
    }

    @Test
    void softmaxSavesItsOutputSoAnInPlaceChangeIsCaught() {
        Tensor x = seq(1, 2, 3);
        Tensor y = x.softmax(1);
        Tensor z = y.mul(1.0);
        try (var off = dev.kiln.Kiln.noGrad()) {
            y.mul_(2.0);
        }
        String m = assertThrows(IllegalStateException.class, () -> z.backward(constant(4, 2, 3))).getMessage();
        assertEquals(true, m.contains("modified by an inplace operation") && m.contains("SoftmaxBackward0"), m);
    }

    @Test
    void softmaxOfAConstantRecordsNothing() {
        assertNull(constant(1, 2, 3).softmax(1).gradFn());
        assertNull(constant(1, 2, 3).logSoftmax(1).gradFn());
    }
}
