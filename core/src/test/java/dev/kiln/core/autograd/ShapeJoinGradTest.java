package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.core.autograd.ShapeViewGradTest.assertNode;
import static dev.kiln.core.autograd.ShapeViewGradTest.assertValues;
import static dev.kiln.core.autograd.ShapeViewGradTest.grad;
import static dev.kiln.core.autograd.ShapeViewGradTest.leaf;
import static dev.kiln.core.autograd.ShapeViewGradTest.next;
import static dev.kiln.core.autograd.ShapeViewGradTest.seq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Derivatives of cat, stack, clone and contiguous. */
class ShapeJoinGradTest {

    @Test
    void catSlicesTheGradientBackToEachInput() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(2, 2);
        Tensor y = Tensor.cat(List.of(a, b), 0);
        assertNode("CatBackward0", y);
        assertEquals(2, y.gradFn().nextFunctions().size());
        y.backward(seq(10, 3, 2));
        assertValues(new double[] {10, 20}, a.grad());
        assertValues(new double[] {30, 40, 50, 60}, b.grad());
    }

    @Test
    void catAlongTheLastDimOfNonContiguousInputsWithOneUsedTwice() {
        Tensor x = leaf(3, 4);
        Tensor y = Tensor.cat(List.of(x.slice(0, 0, 1), x, x.t().select(1, 1).reshape(1, 4)), 0);
        assertArrayEquals(new int[] {5, 4}, y.shape());
        y.backward(seq(10, 5, 4));
        // torch: cat([x[0:1], x, x.t()[:, 1].reshape(1, 4)]).backward(10 * arange(1, 21).reshape(5, 4))
        assertValues(new double[] {60, 80, 100, 120, 260, 280, 300, 320, 130, 140, 150, 160}, x.grad());

        Tensor z = leaf(2, 2);
        Tensor w = Tensor.cat(List.of(z.t(), z), 1);
        w.backward(seq(1, 2, 4));
        // w = [[z00, z10, z00, z01], [z01, z11, z10, z11]]
        assertValues(new double[] {1 + 3, 5 + 4, 2 + 7, 6 + 8}, z.grad());
    }

    @Test
    void catOfMixedDtypesHandsEachInputItsOwnDtype() {
        Tensor a = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor b = seq(1, 2).requiresGrad(true);
        Tensor y = Tensor.cat(List.of(a, b), 0);
        assertEquals(DType.FLOAT64, y.dtype());
        y.backward(seq(1, 4));
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertValues(new double[] {1, 2}, a.grad());
        assertValues(new double[] {3, 4}, b.grad());
    }

    @Test
    void catSkipsALegacyEmptyTensorButStillHandsItAGradient() {
        Tensor x = leaf(2, 3);
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0).requiresGrad(true);
        Tensor constant = Tensor.zeros(DType.FLOAT64, 0);
        Tensor y = Tensor.cat(List.of(x, empty, constant), 0);
        List<GradFn.Edge> edges = y.gradFn().nextFunctions();
        assertEquals(3, edges.size());
        assertNull(edges.get(2).function());
        y.backward(seq(1, 2, 3));
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, x.grad());
        assertArrayEquals(new int[] {0}, empty.grad().shape());
    }

    @Test
    void catDoubleBackward() {
        Tensor a = leaf(2, 2);
        Tensor b = leaf(2, 1);
        Tensor w = seq(1, 2, 3).requiresGrad(true);
        List<Tensor> g = Kiln.grad(List.of(Tensor.cat(List.of(a, b), 1)), List.of(a, b), List.of(w), false, true, false);
        assertNode("SliceBackward0", g.get(0));
        assertNode("SliceBackward0", g.get(1));
        assertValues(new double[] {1, 2, 4, 5}, g.get(0));
        assertValues(new double[] {3, 6}, g.get(1));
        Tensor gw = grad(g.get(0).sum().add(g.get(1).mul(10).sum()), w, Tensor.scalar(1, DType.FLOAT64), false);
        assertValues(new double[] {1, 1, 10, 1, 1, 10}, gw);
    }

    @Test
    void stackIsOneNodeSelectingEachInputsGradient() {
        Tensor a = leaf(2, 3);
        Tensor b = leaf(2, 3);
        Tensor y = Tensor.stack(List.of(a, b), -1);
        assertNode("StackBackward0", y);
        assertEquals("AccumulateGrad", next(y.gradFn()));
        assertArrayEquals(new int[] {2, 3, 2}, y.shape());
        y.backward(seq(1, 2, 3, 2));
        assertValues(new double[] {1, 3, 5, 7, 9, 11}, a.grad());
        assertValues(new double[] {2, 4, 6, 8, 10, 12}, b.grad());
    }

    @Test
    void stackDoubleBackwardSelects() {
        Tensor a = leaf(3);
        Tensor w = seq(1, 2, 3).requiresGrad(true);
        Tensor ga = grad(Tensor.stack(List.of(a, a), 0), a, w, true);
        assertNode("AddBackward0", ga);
        assertValues(new double[] {5, 7, 9}, ga);
        Tensor gw = grad(ga, w, seq(1, 3), false);
        assertValues(new double[] {1, 2, 3, 1, 2, 3}, gw);
    }

    @Test
    void cloneAndCopyingContiguousAreCloneBackward() {
        Tensor x = leaf(2, 3);
        Tensor c = x.clone();
        assertNode("CloneBackward0", c);
        assertFalse(c.sharesStorage(x));
        c.backward(seq(1, 2, 3));
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, x.grad());

        Tensor z = leaf(2, 3);
        Tensor ct = z.t().contiguous();
        assertNode("CloneBackward0", ct);
        assertEquals("TBackward0", next(ct.gradFn()));
        ct.backward(seq(1, 3, 2));
        assertValues(new double[] {1, 3, 5, 2, 4, 6}, z.grad());
        assertSame(z, z.contiguous());
    }
}
