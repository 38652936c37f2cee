package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.TensorOptions;
import dev.kiln.autograd.GradFn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Derivatives of the reshaping views (view, reshape, flatten, transpose, t, permute, squeeze, unsqueeze,
 * expand): PyTorch's node names, gradient values (from Debian torch 1.13 where not obvious), non-contiguous
 * inputs, an input used twice, double backward, and in-place writes through views of a leaf.
 */
class ShapeViewGradTest {

    /** 1, 2, 3, ... times {@code scale}, float64, of {@code shape}. */
    static Tensor seq(double scale, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.arange(1, n + 1, 1, TensorOptions.of(DType.FLOAT64)).mul(scale).reshape(shape);
    }

    static Tensor leaf(int... shape) {
        return seq(1, shape).requiresGrad(true);
    }

    static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-12, t.toString());
    }

    static void assertNode(String name, Tensor t) {
        GradFn fn = t.gradFn();
        assertEquals(name, fn == null ? null : fn.name(), "grad_fn of " + t);
    }

    /** The first edge's node name under {@code fn}. */
    static String next(GradFn fn) {
        GradFn n = fn.nextFunctions().getFirst().function();
        return n == null ? null : n.name();
    }

    static Tensor grad(Tensor out, Tensor in, Tensor gradOut, boolean createGraph) {
        return Kiln.grad(List.of(out), List.of(in), List.of(gradOut), false, createGraph, false).getFirst();
    }

    @Test
    void viewGivesViewBackwardAndReshapesTheGradientBack() {
        Tensor x = leaf(2, 3);
        Tensor y = x.view(3, 2);
        assertNode("ViewBackward0", y);
        assertEquals("AccumulateGrad", next(y.gradFn()));
        assertTrue(y.sharesStorage(x));
        assertFalse(y.isLeaf());
        y.backward(seq(10, 3, 2));
        assertArrayEquals(new int[] {2, 3}, x.grad().shape());
        assertValues(new double[] {10, 20, 30, 40, 50, 60}, x.grad());
    }

    @Test
    void reshapeIsAnAliasWhenItCanViewAndUnsafeViewWhenItCopies() {
        Tensor x = leaf(2, 3);
        assertNode("ReshapeAliasBackward0", x.reshape(6));
        assertNode("ReshapeAliasBackward0", x.reshape(2, 3));
        assertNode("ReshapeAliasBackward0", x.flatten());
        Tensor copied = x.t().reshape(6);
        assertNode("UnsafeViewBackward0", copied);
        assertEquals("TBackward0", next(copied.gradFn()));
        assertFalse(copied.sharesStorage(x));
        assertNode("UnsafeViewBackward0", x.t().flatten());
        assertNode("ReshapeAliasBackward0", Tensor.scalar(2.0, DType.FLOAT64).requiresGrad(true).flatten());
        // flatten over a single dim is the tensor itself, as in PyTorch
        assertSame(x, x.flatten(1, 1));
    }

    @Test
    void reshapeOfANonContiguousInputSendsTheGradientThroughTheTranspose() {
        Tensor x = leaf(2, 3);
        Tensor y = x.t().reshape(6);
        y.backward(seq(10, 6));
        // torch: x.t().reshape(6).backward(w) -> [[10, 30, 50], [20, 40, 60]]
        assertValues(new double[] {10, 30, 50, 20, 40, 60}, x.grad());
    }

    @Test
    void flattenOfANonContiguousInputCopiesAndStillDifferentiates() {
        Tensor x = leaf(2, 3, 2);
        // permute(2, 0, 1) would still flatten as a view (strides 6 and 2 merge); (2, 1, 0) cannot
        assertNode("ReshapeAliasBackward0", x.permute(2, 0, 1).flatten(1, 2));
        Tensor y = x.permute(2, 1, 0).flatten(1, 2);
        assertNode("UnsafeViewBackward0", y);
        assertEquals("PermuteBackward0", next(y.gradFn()));
        y.backward(seq(1, 2, 6));
        // y[c, 2b + a] = x[a, b, c]; torch gives the same
        assertValues(new double[] {1, 7, 3, 9, 5, 11, 2, 8, 4, 10, 6, 12}, x.grad());
    }

    @Test
    void transposeTAndPermuteUseTheInversePermutation() {
        Tensor x = leaf(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertNode("PermuteBackward0", p);
        p.backward(seq(10, 4, 2, 3));
        assertValues(new double[] {10, 70, 130, 190, 20, 80, 140, 200, 30, 90, 150, 210, 40, 100, 160, 220, 50, 110, 170, 230,
                60, 120, 180, 240}, x.grad());

        Tensor z = leaf(2, 3, 4);
        Tensor tr = z.transpose(0, -1);
        assertNode("TransposeBackward0", tr);
        tr.backward(seq(10, 4, 3, 2));
        assertValues(new double[] {10, 70, 130, 190, 30, 90, 150, 210, 50, 110, 170, 230, 20, 80, 140, 200, 40, 100, 160, 220,
                60, 120, 180, 240}, z.grad());

        Tensor m = leaf(2, 3);
        Tensor mt = m.t();
        assertNode("TBackward0", mt);
        mt.backward(seq(1, 3, 2));
        assertValues(new double[] {1, 3, 5, 2, 4, 6}, m.grad());
        Tensor v = leaf(3);
        assertNode("TBackward0", v.t());
        assertNode("TransposeBackward0", v.transpose(0, 0));
    }

    @Test
    void squeezeAndUnsqueezePutTheUnitDimsBack() {
        Tensor x = leaf(2, 1, 3, 1);
        Tensor all = x.squeeze();
        assertNode("SqueezeBackward0", all);
        assertArrayEquals(new int[] {2, 3}, all.shape());
        all.backward(seq(10, 2, 3));
        assertArrayEquals(new int[] {2, 1, 3, 1}, x.grad().shape());
        assertValues(new double[] {10, 20, 30, 40, 50, 60}, x.grad());

        Tensor one = leaf(2, 1, 3);
        Tensor s1 = one.squeeze(1);
        assertNode("SqueezeBackward1", s1);
        s1.backward(seq(1, 2, 3));
        assertArrayEquals(new int[] {2, 1, 3}, one.grad().shape());
        // squeezing a dim that is not 1 is still a recorded view, whose gradient is the gradient
        Tensor kept = leaf(2, 3);
        Tensor s0 = kept.squeeze(0);
        assertNode("SqueezeBackward1", s0);
        s0.backward(seq(1, 2, 3));
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, kept.grad());

        Tensor u = leaf(2, 3);
        Tensor un = u.unsqueeze(-1);
        assertNode("UnsqueezeBackward0", un);
        assertArrayEquals(new int[] {2, 3, 1}, un.shape());
        un.backward(seq(1, 2, 3, 1));
        assertArrayEquals(new int[] {2, 3}, u.grad().shape());
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, u.grad());
    }

    @Test
    void expandSumsTheGradientOverTheBroadcastDims() {
        Tensor x = leaf(3, 1);
        Tensor y = x.expand(2, 3, 4);
        assertNode("ExpandBackward0", y);
        y.backward(seq(1, 2, 3, 4));
        // torch: x.expand(2, 3, 4).backward(arange(1, 25).reshape(2, 3, 4)) -> [68, 100, 132]
        assertArrayEquals(new int[] {3, 1}, x.grad().shape());
        assertValues(new double[] {68, 100, 132}, x.grad());
    }

    @Test
    void aViewOfANonContiguousInputSendsTheGradientBackThroughBothViews() {
        Tensor x = leaf(3, 4);
        Tensor y = x.t().unsqueeze(0).expand(2, 4, 3);
        y.backward(seq(1, 2, 4, 3));
        // y[k, j, i] = x[i, j]: x.grad[i, j] = w[0, j, i] + w[1, j, i] = (3j + i + 1) + (12 + 3j + i + 1)
        double[] expected = new double[12];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) expected[4 * i + j] = 2 * (3 * j + i + 1) + 12;
        assertValues(expected, x.grad());
    }

    @Test
    void anInputUsedTwiceAccumulatesBothGradients() {
        Tensor x = leaf(2, 3);
        Tensor y = Tensor.stack(List.of(x.view(2, 3), x.t().reshape(2, 3)), 1);
        y.backward(seq(10, 2, 2, 3));
        // torch: stack([x, x.t().reshape(2, 3)], 1).backward(10 * arange(1, 13).reshape(2, 2, 3))
        assertValues(new double[] {50, 80, 140, 120, 180, 210}, x.grad());
    }

    @Test
    void gradientsAccumulateOverTwoBackwardsThroughAView() {
        Tensor x = leaf(2, 2);
        x.t().backward(seq(1, 2, 2));
        x.t().backward(seq(1, 2, 2));
        assertValues(new double[] {2, 6, 4, 8}, x.grad());
    }

    @Test
    void viewDoubleBackward() {
        Tensor x = leaf(2, 3);
        Tensor w = seq(10, 6).requiresGrad(true);
        Tensor gx = grad(x.view(6), x, w, true);
        assertNode("ReshapeAliasBackward0", gx);
        assertValues(new double[] {10, 20, 30, 40, 50, 60}, gx);
        Tensor gw = grad(gx, w, seq(1, 2, 3), false);
        assertArrayEquals(new int[] {6}, gw.shape());
        assertValues(new double[] {1, 2, 3, 4, 5, 6}, gw);
    }

    @Test
    void transposeDoubleBackward() {
        Tensor x = leaf(2, 3);
        Tensor w = seq(1, 3, 2).requiresGrad(true);
        Tensor gx = grad(x.transpose(0, 1), x, w, true);
        assertNode("TransposeBackward0", gx);
        assertValues(new double[] {1, 3, 5, 2, 4, 6}, gx);
        Tensor gw = grad(gx, w, seq(10, 2, 3), false);
        assertValues(new double[] {10, 40, 20, 50, 30, 60}, gw);
    }

    @Test
    void permuteAndExpandDoubleBackward() {
        Tensor x = leaf(2, 3, 4);
        Tensor w = seq(1, 4, 2, 3).requiresGrad(true);
        Tensor gx = grad(x.permute(2, 0, 1), x, w, true);
        assertNode("PermuteBackward0", gx);
        Tensor v = seq(1, 2, 3, 4);
        assertValues(v.permute(2, 0, 1).contiguous().toDoubleArray(), grad(gx, w, v, false));

        Tensor u = leaf(2, 1);
        Tensor wu = seq(1, 2, 3).requiresGrad(true);
        Tensor gu = grad(u.unsqueeze(0).squeeze(0), u, wu.narrow(1, 0, 1), true);
        // the backward of squeeze(0) unsqueezes, whose backward squeezes: the last op is SqueezeBackward1, as in torch
        assertNode("SqueezeBackward1", gu);
        assertValues(new double[] {1, 4}, gu);
        assertValues(new double[] {7, 0, 0, 8, 0, 0}, grad(gu, wu, seq(1, 2, 1).add(6), false));
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = leaf(2, 3);
        try (var g = Kiln.noGrad()) {
            Tensor y = x.view(6).t().unsqueeze(0).expand(2, 6);
            assertNull(y.gradFn());
            assertFalse(y.requiresGrad());
        }
    }

    @Test
    void inPlaceThroughAViewOfALeafIsRefused() {
        List<UnaryOperator<Tensor>> views = List.of(t -> t.view(12), t -> t.reshape(4, 3), t -> t.flatten(), t -> t.t(),
                t -> t.transpose(0, 1), t -> t.permute(1, 0), t -> t.unsqueeze(0), t -> t.unsqueeze(0).squeeze(),
                t -> t.unsqueeze(0).squeeze(0), t -> t.expand(1, 3, 4), t -> t.narrow(0, 0, 2), t -> t.slice(1, 1, 3),
                t -> t.select(0, 1), t -> t.index("1:, 2"), t -> t.index("..."), t -> t.t().narrow(0, 1, 2));
        for (UnaryOperator<Tensor> view : views) {
            Tensor x = leaf(3, 4);
            Tensor v = view.apply(x);
            assertTrue(v.sharesStorage(x));
            Tensor index = Tensor.zeros(DType.INT64, v.shape());
            String msg = assertThrows(IllegalStateException.class, () -> v.scatter_(0, index, 1.0), v.toString()).getMessage();
            assertTrue(msg.startsWith("scatter_: a view of a leaf Variable that requires grad is being used in an in-place "
                    + "operation"), msg);
            assertEquals(0, x.version(), "the refused write must not touch the leaf");
        }
    }

    @Test
    void aViewOfALeafWithoutGradStaysWritable() {
        Tensor x = seq(1, 3, 4);
        Tensor v = x.t();
        v.scatter_(0, Tensor.zeros(DType.INT64, 1, 3), 0.0);
        assertValues(new double[] {0, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11, 12}, x);
    }
}
