package dev.kiln.core.autograd;

import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;

import static dev.kiln.core.autograd.NnGradFixtures.assertNode;
import static dev.kiln.core.autograd.NnGradFixtures.assertValues;
import static dev.kiln.core.autograd.NnGradFixtures.constant;
import static dev.kiln.core.autograd.NnGradFixtures.grad;
import static dev.kiln.core.autograd.NnGradFixtures.gradWithGraph;
import static dev.kiln.core.autograd.NnGradFixtures.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** matmul in its forms, mm, bmm and dot: grad_fn names and gradients against PyTorch 1.13 (float64). */
class LinalgGradTest {

    @Test
    void dot() {
        Tensor a = seq(1, 4);
        Tensor b = seq(2, 4);
        Tensor y = a.dot(b);
        assertNode(y.gradFn(), "DotBackward0", "AccumulateGrad", "AccumulateGrad");
        assertNode(a.matmul(b).gradFn(), "DotBackward0", "AccumulateGrad", "AccumulateGrad");
        y.backward();
        assertValues(new double[] {-0.5, 0.375, -0.375, 0.5}, a.grad());
        assertValues(new double[] {-0.625, 0.25, -0.5, 0.375}, b.grad());
    }

    @Test
    void matrixTimesVector() {
        Tensor a = seq(1, 3, 4);
        Tensor v = seq(2, 4);
        Tensor y = a.matmul(v);
        assertNode(y.gradFn(), "MvBackward0", "AccumulateGrad", "AccumulateGrad");
        y.backward(constant(3, 3));
        assertValues(new double[] {0.1875, -0.140625, 0.140625, -0.1875, -0.25, 0.1875, -0.1875, 0.25, 0.125, -0.09375,
                0.09375, -0.125}, a.grad());
        assertValues(new double[] {0.078125, -0.03125, 0.0625, 0.359375}, v.grad());
    }

    @Test
    void matrixTimesMatrix() {
        Tensor a = seq(1, 2, 3);
        Tensor b = seq(2, 3, 4);
        assertNode(a.mm(b).gradFn(), "MmBackward0", "AccumulateGrad", "AccumulateGrad");
        Tensor y = a.matmul(b);
        assertNode(y.gradFn(), "MmBackward0", "AccumulateGrad", "AccumulateGrad");
        y.backward(constant(3, 2, 4));
        assertValues(new double[] {0.78125, 0.90625, -0.796875, -0.03125, -0.0625, -0.09375}, a.grad());
        assertValues(new double[] {0.1875, -0.03125, 0.15625, -0.671875, -0.046875, -0.15625, -0.0625, 0.4375, 0.125, 0.125,
                0.125, -0.6875}, b.grad());
    }

    @Test
    void onlyTheInputThatRequiresGradGetsAnEdge() {
        Tensor a = seq(1, 2, 3);
        Tensor b = constant(2, 3, 4);
        Tensor y = a.mm(b);
        assertNode(y.gradFn(), "MmBackward0", "AccumulateGrad", null);
        y.backward(constant(3, 2, 4));
        assertValues(new double[] {0.78125, 0.90625, -0.796875, -0.03125, -0.0625, -0.09375}, a.grad());
        assertNull(b.grad());
    }

    @Test
    void vectorTimesMatrixIsMmBetweenUnsqueezeAndSqueeze() {
        Tensor a = seq(1, 3);
        Tensor b = seq(2, 3, 4);
        Tensor y = a.matmul(b);
        assertArrayEquals(new int[] {4}, y.shape());
        assertEquals("MmBackward0", y.gradFn().next(0).name());
        y.backward(constant(3, 4));
        assertValues(new double[] {0.78125, 0.90625, -0.796875}, a.grad());
        assertValues(new double[] {0.234375, -0.3125, 0.15625, -0.390625, -0.09375, 0.125, -0.0625, 0.15625, 0.1875, -0.25,
                0.125, -0.3125}, b.grad());
    }

    @Test
    void broadcastBatchedFormIsOneBmmNodeThatUnbroadcasts() {
        Tensor a = seq(1, 2, 1, 2, 3);
        Tensor b = seq(2, 3, 3, 2);
        Tensor y = a.matmul(b);
        assertArrayEquals(new int[] {2, 3, 2, 2}, y.shape());
        assertNode(y.gradFn(), "BmmBackward0", "AccumulateGrad", "AccumulateGrad");
        y.backward(constant(3, 2, 3, 2, 2));
        assertValues(new double[] {1.296875, 0.109375, 0.140625, 0.109375, 1.25, 1.171875, -0.75, -0.5625, -0.578125,
                -0.71875, -0.640625, -0.5625}, a.grad());
        assertValues(new double[] {0.421875, -0.171875, 0.234375, -0.34375, -0.359375, 0.296875, 0.484375, -0.71875,
                0.359375, 0.390625, -0.578125, -0.734375, -0.265625, 0.359375, -0.53125, 0.109375, 0.625, -0.140625}, b.grad());
    }

    @Test
    void batchedTimesMatrix() {
        Tensor a = seq(1, 2, 2, 3);
        Tensor b = seq(2, 3, 2);
        Tensor y = a.matmul(b);
        assertNode(y.gradFn(), "BmmBackward0", "AccumulateGrad", "AccumulateGrad");
        y.backward(constant(3, 2, 2, 2));
        assertValues(new double[] {0.375, 0.390625, 0.40625, 0.359375, 0.40625, 0.453125, 0.34375, 0.421875, 0.5, -0.28125,
                -0.375, -0.46875}, a.grad());
        assertValues(new double[] {0.171875, -0.828125, -0.078125, 0.359375, 0.078125, 0.53125}, b.grad());
    }

    @Test
    void vectorTimesBatched() {
        Tensor a = seq(1, 3);
        Tensor b = seq(2, 2, 3, 4);
        Tensor y = a.matmul(b);
        assertArrayEquals(new int[] {2, 4}, y.shape());
        y.backward(constant(3, 2, 4));
        assertValues(new double[] {0.65625, 0.75, -0.984375}, a.grad());
        assertValues(new double[] {0.234375, -0.3125, 0.15625, -0.390625, -0.09375, 0.125, -0.0625, 0.15625, 0.1875, -0.25,
                0.125, -0.3125, 0.078125, -0.46875, -0.0, 0.46875, -0.03125, 0.1875, 0.0, -0.1875, 0.0625, -0.375, -0.0,
                0.375}, b.grad());
    }

    @Test
    void batchedTimesVector() {
        Tensor a = seq(1, 2, 2, 3);
        Tensor v = seq(2, 3);
        Tensor y = a.matmul(v);
        assertArrayEquals(new int[] {2, 2}, y.shape());
        y.backward(constant(3, 2, 2));
        assertValues(new double[] {0.1875, -0.140625, 0.140625, -0.25, 0.1875, -0.1875, 0.125, -0.09375, 0.09375, -0.3125,
                0.234375, -0.234375}, a.grad());
        assertValues(new double[] {0.953125, -0.4375, 0.0}, v.grad());
    }

    @Test
    void bmm() {
        Tensor a = seq(1, 2, 2, 3);
        Tensor b = seq(2, 2, 3, 2);
        Tensor y = a.bmm(b);
        assertNode(y.gradFn(), "BmmBackward0", "AccumulateGrad", "AccumulateGrad");
        y.backward(constant(3, 2, 2, 2));
        assertValues(new double[] {0.375, 0.390625, 0.40625, 0.359375, 0.40625, 0.453125, 0.578125, -0.5625, -0.484375,
                -0.5625, 0.5625, 0.46875}, a.grad());
        assertValues(new double[] {0.140625, -0.078125, 0.0, -0.109375, 0.0625, 0.0625, 0.03125, -0.75, -0.078125, 0.46875,
                0.015625, 0.46875}, b.grad());
    }

    @Test
    void mmDoubleBackward() {
        Tensor a = seq(1, 2, 3);
        Tensor b = seq(2, 3, 4);
        Tensor ga = gradWithGraph(a.matmul(b), constant(3, 2, 4), a).get(0);
        assertTrue(ga.requiresGrad());
        assertValues(new double[] {0, 0.4375, 0.0625, -0.71875, -0.234375, 0.3125, -0.15625, 0.390625, 0.140625, -0.625,
                0.03125, 0.484375}, grad(ga, constant(4, 2, 3), b));
    }

    @Test
    void broadcastBatchedDoubleBackward() {
        Tensor a = seq(1, 2, 1, 2, 3);
        Tensor b = seq(2, 3, 3, 2);
        Tensor gy = constant(3, 2, 3, 2, 2);
        Tensor ga = gradWithGraph(a.matmul(b), gy, a).get(0);
        assertValues(new double[] {-0.296875, 0.421875, -0.28125, 0.453125, 0.140625, -0.53125, -0.265625, -0.765625,
                -0.1875, 0.546875, -0.109375, 0.4375, 0.375, -0.328125, 0.3125, -0.375, -0.15625, 0.390625},
                grad(ga, constant(4, 2, 1, 2, 3), b));
        Tensor gb = gradWithGraph(a.matmul(b), gy, b).get(0);
        assertValues(new double[] {0.171875, -0.609375, -0.78125, 1.09375, 0, -0.484375, -0.59375, 0, 1.203125, -0.484375,
                0, 1.09375}, grad(gb, constant(5, 3, 3, 2), a));
    }

    @Test
    void nothingIsRecordedWithoutGradOrUnderNoGrad() {
        Tensor a = seq(1, 2, 3);
        Tensor b = seq(2, 3, 4);
        assertNull(a.detach().matmul(b.detach()).gradFn());
        try (var off = Kiln.noGrad()) {
            Tensor y = a.matmul(b);
            assertNull(y.gradFn());
            assertFalse(y.requiresGrad());
        }
        Tensor ints = Tensor.of(new long[] {1, 2, 3});
        assertNull(ints.dot(ints).gradFn());
    }
}
