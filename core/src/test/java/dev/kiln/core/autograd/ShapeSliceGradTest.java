package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.kiln.core.autograd.ShapeViewGradTest.assertNode;
import static dev.kiln.core.autograd.ShapeViewGradTest.assertValues;
import static dev.kiln.core.autograd.ShapeViewGradTest.grad;
import static dev.kiln.core.autograd.ShapeViewGradTest.leaf;
import static dev.kiln.core.autograd.ShapeViewGradTest.next;
import static dev.kiln.core.autograd.ShapeViewGradTest.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Derivatives of the indexing views (narrow, slice, select, index): the gradient placed back into zeros of
 * the input's shape, PyTorch's node chains for {@code x[...]}-style indexing, and double backward through
 * the differentiable embedding (SliceBackwardBackward0 / SelectBackwardBackward0).
 */
class ShapeSliceGradTest {

    /** The node names from {@code t}'s grad_fn down the first edges to the leaf. */
    private static List<String> chain(Tensor t) {
        List<String> names = new ArrayList<>();
        for (GradFn f = t.gradFn(); f != null; f = f.nextFunctions().isEmpty() ? null : f.nextFunctions().getFirst().function()) {
            names.add(f.name());
        }
        return names;
    }

    @Test
    void sliceWithAStepPutsTheGradientBackAtTheStridedPositions() {
        Tensor x = leaf(3, 4);
        Tensor y = x.slice(1, 1, Long.MAX_VALUE, 2);
        assertNode("SliceBackward0", y);
        y.backward(seq(10, 3, 2));
        assertValues(new double[] {0, 10, 0, 20, 0, 30, 0, 40, 0, 50, 0, 60}, x.grad());
    }

    @Test
    void narrowIsASlice() {
        Tensor x = leaf(3, 4);
        Tensor y = x.narrow(0, -2, 2);
        assertNode("SliceBackward0", y);
        y.backward(seq(1, 2, 4));
        assertValues(new double[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, x.grad());
    }

    @Test
    void sliceOfANonContiguousInput() {
        Tensor x = leaf(3, 4);
        Tensor y = x.t().slice(0, 1, 3);
        assertEquals(List.of("SliceBackward0", "TBackward0", "AccumulateGrad"), chain(y));
        y.backward(seq(10, 2, 3));
        // torch: x.t()[1:3].backward(10 * arange(1, 7).reshape(2, 3))
        assertValues(new double[] {0, 10, 40, 0, 0, 20, 50, 0, 0, 30, 60, 0}, x.grad());
    }

    @Test
    void selectWithANegativeIndex() {
        Tensor x = leaf(3, 4);
        Tensor y = x.select(1, -2);
        assertNode("SelectBackward0", y);
        y.backward(seq(10, 3));
        assertValues(new double[] {0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0}, x.grad());
    }

    @Test
    void selectDownToAScalar() {
        Tensor x = leaf(2, 3);
        Tensor y = x.select(0, 1).select(0, 2);
        assertEquals(0, y.dim());
        y.backward();
        assertValues(new double[] {0, 0, 0, 0, 0, 1}, x.grad());
    }

    @Test
    void indexRecordsTheChainPyTorchRecordsForTheSameSubscript() {
        Tensor x = leaf(2, 3);
        assertEquals(List.of("SelectBackward0", "AccumulateGrad"), chain(x.index("0")));
        assertEquals(List.of("SelectBackward0", "SelectBackward0", "AccumulateGrad"), chain(x.index("0, 1")));
        assertEquals(List.of("SelectBackward0", "SliceBackward0", "AccumulateGrad"), chain(x.index("0:1, 1")));
        assertEquals(List.of("SliceBackward0", "SliceBackward0", "AccumulateGrad"), chain(x.index(":, 1:")));
        assertEquals(List.of("SliceBackward0", "AccumulateGrad"), chain(x.index(":")));
        assertEquals(List.of("UnsqueezeBackward0", "SliceBackward0", "AccumulateGrad"), chain(x.index(":, None")));
        assertEquals(List.of("UnsqueezeBackward0", "AccumulateGrad"), chain(x.index("None")));
        assertEquals(List.of("SelectBackward0", "AccumulateGrad"), chain(x.index("..., 1")));
        assertEquals(List.of("AliasBackward0", "AccumulateGrad"), chain(x.index("...")));
    }

    @Test
    void indexGradient() {
        Tensor x = leaf(3, 4);
        Tensor y = x.index("1:, None, ::3");
        assertArrayEquals(new int[] {2, 1, 2}, y.shape());
        y.backward(seq(1, 2, 1, 2));
        assertValues(new double[] {0, 0, 0, 0, 1, 0, 0, 2, 3, 0, 0, 4}, x.grad());
        Tensor z = leaf(2, 3);
        z.index("...").backward(seq(1, 2, 3));
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, z.grad());
    }

    @Test
    void overlappingSlicesOfOneInputAccumulate() {
        Tensor x = leaf(4);
        Tensor y = x.slice(0, 0, 3).mul(x.slice(0, 1, 4));
        y.backward(Tensor.onesLike(y));
        // d/dx of x0 x1 + x1 x2 + x2 x3 = [x1, x0 + x2, x1 + x3, x2]
        assertValues(new double[] {2, 4, 6, 3}, x.grad());
    }

    @Test
    void transposeTimesItselfSelectsBothWays() {
        Tensor x = leaf(3, 3);
        Tensor y = x.t().mul(x).index("0").sum();
        y.backward();
        // y = sum_j x[j, 0] x[0, j]: x.grad[0, j] += x[j, 0], x.grad[j, 0] += x[0, j]
        assertValues(new double[] {2, 4, 7, 2, 0, 0, 3, 0, 0}, x.grad());
    }

    @Test
    void sliceDoubleBackward() {
        Tensor x = leaf(3, 4);
        Tensor w = seq(1, 2, 4).requiresGrad(true);
        Tensor gx = grad(x.slice(0, 1, 3), x, w, true);
        assertNode("SliceBackwardBackward0", gx);
        assertEquals("AccumulateGrad", next(gx.gradFn()));
        assertValues(new double[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, gx);
        Tensor gw = grad(gx, w, seq(10, 3, 4), false);
        assertValues(new double[] {50, 60, 70, 80, 90, 100, 110, 120}, gw);
    }

    @Test
    void stridedSliceDoubleBackwardRecordsTheSliceAgain() {
        Tensor x = leaf(5);
        Tensor w = seq(1, 2).requiresGrad(true);
        Tensor gx = grad(x.slice(0, 1, 5, 2), x, w, true);
        assertValues(new double[] {0, 1, 0, 2, 0}, gx);
        Tensor v = seq(1, 5).requiresGrad(true);
        Tensor gw = Kiln.grad(List.of(gx), List.of(w), List.of(v), false, true, false).getFirst();
        assertNode("SliceBackward0", gw);
        assertValues(new double[] {2, 4}, gw);
    }

    @Test
    void selectDoubleBackward() {
        Tensor x = leaf(3, 4);
        Tensor w = seq(1, 3).requiresGrad(true);
        Tensor gx = grad(x.select(1, 2), x, w, true);
        assertNode("SelectBackwardBackward0", gx);
        assertValues(new double[] {0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0}, gx);
        Tensor gw = grad(gx, w, seq(1, 3, 4), false);
        assertValues(new double[] {3, 7, 11}, gw);
    }

    @Test
    void secondDerivativeOfAProductOfSlices() {
        Tensor x = leaf(3);
        Tensor y = x.select(0, 0).mul(x.select(0, 1)).mul(x.select(0, 2));
        Tensor gx = grad(y, x, Tensor.onesLike(y), true);
        assertValues(new double[] {6, 3, 2}, gx);
        // d/dx of sum(grad) = d/dx (x1 x2 + x0 x2 + x0 x1) = [x1 + x2, x0 + x2, x0 + x1]
        assertValues(new double[] {5, 4, 3}, grad(gx.sum(), x, Tensor.onesLike(gx.sum()), false));
    }

    @Test
    void tutorialColumnFillOnALeafIsRefused() {
        Tensor t = Tensor.ones(DType.FLOAT64, 4, 4).requiresGrad(true);
        String msg = assertThrows(IllegalStateException.class, () -> t.index(":, 1").fill_(0)).getMessage();
        assertTrue(msg.startsWith("fill_: a view of a leaf Variable that requires grad"), msg);
        String add = assertThrows(IllegalStateException.class, () -> t.select(0, 1).add_(1)).getMessage();
        assertTrue(add.startsWith("add_: a view of a leaf Variable that requires grad"), add);
        assertValues(Tensor.ones(DType.FLOAT64, 16).toDoubleArray(), t.reshape(16));
    }
}
