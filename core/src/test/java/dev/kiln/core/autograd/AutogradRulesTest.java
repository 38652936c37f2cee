package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** retain_graph, no_grad, detach, requires_grad propagation, in-place safety, hooks, anomaly mode and double backward. */
class AutogradRulesTest {

    @Test
    void secondBackwardThroughFreedBuffersFailsWithPyTorchsExplanation() {
        Tensor x = Tensor.of(new double[] {1.0, 2.0}, DType.FLOAT64).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time (or directly access saved "
                + "tensors after they have already been freed)."), e.getMessage());
        assertTrue(e.getMessage().contains("Specify retain_graph=True"), e.getMessage());
        assertTrue(e.getMessage().contains("ExpBackward0"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(new double[] {1.0, 2.0}, DType.FLOAT64).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward(null, true);
        y.backward();
        assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("grad can be implicitly created only for scalar outputs"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3)));
        assertEquals("Mismatch in shape: grad_output[0] has a shape of [3] and output[0] has a shape of [2].", shape.getMessage());
    }

    @Test
    void backwardOfATensorWithoutHistoryFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.of(1f).sum().backward());
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", e.getMessage());
    }

    @Test
    void noGradRecordsNothingAndRestoresTheMode() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        try (var g = Kiln.noGrad()) {
            assertFalse(Kiln.isGradEnabled());
            Tensor y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var e = Kiln.enableGrad()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(Kiln.isGradEnabled());
        }
        assertTrue(Kiln.isGradEnabled());
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void detachSharesStorageWithoutHistory() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(2);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        assertTrue(d.isLeaf());
        assertTrue(d.sharesStorage(y));
        d.add_(1);
        assertArrayEquals(new float[] {3, 5}, y.toFloatArray());
    }

    @Test
    void requiresGradPropagatesAsPyTorch() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor c = Tensor.of(3f, 4f);
        assertTrue(x.add(c).requiresGrad());
        assertFalse(c.add(c).requiresGrad());
        assertFalse(x.gt(c).requiresGrad(), "bool results never require grad");
        assertFalse(x.argmax().requiresGrad(), "integer results never require grad");
        IllegalArgumentException notFloat = assertThrows(IllegalArgumentException.class, () -> Tensor.of(1L, 2L).requiresGrad(true));
        assertTrue(notFloat.getMessage().contains("only Tensors of floating point and complex dtype can require gradients"));
        IllegalArgumentException nonLeaf = assertThrows(IllegalArgumentException.class, () -> x.mul(2).requiresGrad(false));
        assertTrue(nonLeaf.getMessage().contains("you can only change requires_grad flags of leaf variables"));
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefused() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.add_(1));
        assertTrue(e.getMessage().startsWith("add_: a leaf Variable that requires grad is being used in an in-place operation."),
                e.getMessage());
        assertThrows(IllegalStateException.class, w::relu_);
        assertThrows(IllegalStateException.class, () -> w.copy_(Tensor.zeros(2)));
        assertEquals(0, w.version(), "a refused op changes nothing");
        // as an optimizer's step: in place under no_grad is allowed
        try (var g = Kiln.noGrad()) {
            w.sub_(Tensor.of(0.5f, 0.5f));
        }
        assertArrayEquals(new float[] {0.5f, 1.5f}, w.toFloatArray());
        assertTrue(w.requiresGrad());
        assertTrue(w.isLeaf());
    }

    @Test
    void inPlaceOnANonLeafRebasesItsHistory() {
        Tensor x = Tensor.of(new double[] {1.0, 2.0}, DType.FLOAT64).requiresGrad(true);
        Tensor y = x.mul(2);
        y.add_(1);
        assertEquals("tensor([3., 5.], dtype=torch.float64, grad_fn=<AddBackward0>)", y.toString());
        assertEquals("MulBackward0", y.gradFn().next(0).name());
        y.mul_(Tensor.of(new double[] {3, 5}, DType.FLOAT64)).sum().backward();
        // d/dx sum((2x+1) * c) with c constant: 2c
        assertArrayEquals(new double[] {6, 10}, x.grad().toDoubleArray());
    }

    @Test
    void inPlaceThroughAViewOfATensorWithHistoryIsRefusedNotSilentlyWrong() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor h = w.mul(2);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> h.narrow(0, 0, 1).mul_(3));
        assertTrue(e.getMessage().startsWith("mul_: Kiln's autograd does not support in-place operations on a view"), e.getMessage());
        Tensor x = Tensor.zeros(3);
        UnsupportedOperationException into = assertThrows(UnsupportedOperationException.class,
                () -> x.narrow(0, 0, 2).copy_(w));
        assertTrue(into.getMessage().startsWith("copy_: Kiln's autograd does not support writing a tensor that requires grad "
                + "in place into a view"), into.getMessage());
        assertArrayEquals(new float[] {0, 0, 0}, x.toFloatArray(), "a refused op changes nothing");
        // without autograd involved, views are written as usual (the tutorial's tensor[:, 1] = 0)
        x.narrow(0, 0, 2).fill_(5);
        assertArrayEquals(new float[] {5, 5, 0}, x.toFloatArray());
        try (var g = Kiln.noGrad()) {
            x.narrow(0, 1, 2).copy_(w);
        }
        assertArrayEquals(new float[] {5, 1, 2}, x.toFloatArray());
    }

    @Test
    void modifyingASavedTensorIsDetectedAtBackwardWithTheVersions() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.exp();
        Tensor z = y.mul(3).sum();
        Tensor loss = y.sum().add(z);
        // exp saved its result y; modify it in place
        try (var g = Kiln.noGrad()) {
            y.add_(1);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertEquals("one of the variables needed for gradient computation has been modified by an inplace operation: "
                + "[torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead. "
                + "It was saved for ExpBackward0. Hint: enable anomaly detection (Kiln.detectAnomaly()) to find the "
                + "operation that failed to compute its gradient.", e.getMessage());
    }

    @Test
    void modifyingAnInputSavedByMulIsDetectedNamingTheLeaf() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor b = Tensor.of(3f, 4f);
        Tensor y = a.mul(b).sum();
        b.mul_(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("[torch.FloatTensor [2]] is at version 1; expected version 0 instead. "
                + "It was saved for MulBackward0."), e.getMessage());
    }

    @Test
    void hooksSeeAndMayReplaceGradients() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        List<String> seen = new ArrayList<>();
        var handle = x.registerHook(g -> {
            seen.add(g.toString());
            return g.mul(10);
        });
        Tensor y = x.mul(3);
        y.registerHook(g -> {
            seen.add("y " + g);
            return null;
        });
        y.sum().backward();
        assertEquals(List.of("y tensor([1., 1.])", "tensor([3., 3.])"), seen);
        assertArrayEquals(new float[] {30, 30}, x.grad().toFloatArray());
        handle.remove();
        x.setGrad(null);
        x.mul(3).sum().backward();
        assertArrayEquals(new float[] {3, 3}, x.grad().toFloatArray());
    }

    @Test
    void retainGradKeepsANonLeafsGradient() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(3).retainGrad();
        assertTrue(y.retainsGrad());
        y.pow(2).sum().backward();
        assertArrayEquals(new float[] {6, 12}, y.grad().toFloatArray());
        assertNull(x.mul(3).grad(), "a non-leaf keeps no grad unless asked");
    }

    @Test
    void anomalyModeNamesTheNodeThatMadeANaN() {
        Tensor x = Tensor.of(new double[] {0.0, 1.0}, DType.FLOAT64).requiresGrad(true);
        try (var a = Kiln.detectAnomaly()) {
            assertTrue(Kiln.isAnomalyEnabled());
            Tensor y = x.sqrt().sum();
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned inf values in its 0th output."),
                    e.getMessage());
            assertTrue(e.getMessage().contains("AutogradRulesTest"), "names where the forward ran: " + e.getMessage());
        }
        assertFalse(Kiln.isAnomalyEnabled());
        // without anomaly mode the same backward just gives inf
        x.sqrt().sum().backward();
        assertEquals(Double.POSITIVE_INFINITY, x.grad().toDoubleArray()[0]);
    }

    @Test
    void doubleBackwardWithCreateGraph() {
        Tensor x = Tensor.of(new double[] {1.0, 2.0, 3.0}, DType.FLOAT64).requiresGrad(true);
        Tensor y = x.pow(3).sum();
        Tensor dy = Kiln.grad(List.of(y), List.of(x), null, false, true, false).getFirst();
        assertArrayEquals(new double[] {3, 12, 27}, dy.toDoubleArray(), 1e-12);
        assertTrue(dy.requiresGrad());
        Tensor d2 = Kiln.grad(dy.sum(), x);
        assertArrayEquals(new double[] {6, 12, 18}, d2.toDoubleArray(), 1e-12);
        // and through backward(createGraph): the accumulated grad is itself differentiable
        Tensor w = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad(true);
        w.pow(4).backward(null, false, true);
        Tensor g = w.grad();
        assertEquals(32.0, g.item(), 1e-12);
        w.setGrad(null);
        g.backward();
        assertEquals(48.0, w.grad().item(), 1e-12);
    }

    @Test
    void gradWithUnusedInputs() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        Tensor u = Tensor.of(1f).requiresGrad(true);
        Tensor y = x.mul(2).sum();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kiln.grad(List.of(y), List.of(x, u), null, true, false, false));
        assertTrue(e.getMessage().contains("appears to not have been used in the graph"), e.getMessage());
        List<Tensor> g = Kiln.grad(List.of(y), List.of(x, u), null, false, false, true);
        assertEquals(2.0, g.get(0).item());
        assertNull(g.get(1));
        assertNull(x.grad(), "Kiln.grad does not accumulate into .grad");
    }

    @Test
    void anInputUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.of(new double[] {3.0}, DType.FLOAT64).requiresGrad(true);
        x.mul(x).add(x).sum().backward();
        assertEquals(7.0, x.grad().item());
    }

    @Test
    void mixedDtypesGiveEachLeafAGradientOfItsOwnDtype() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3.0, 4.0}, DType.FLOAT64).requiresGrad(true);
        Tensor y = a.mul(b).sum();
        assertEquals(DType.FLOAT64, y.dtype());
        y.backward();
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertEquals(DType.FLOAT64, b.grad().dtype());
        assertArrayEquals(new float[] {3, 4}, a.grad().toFloatArray());
    }

    @Test
    void broadcastOperandsGetUnbroadcastGradients() {
        Tensor a = Tensor.ones(2, 3).requiresGrad(true);
        Tensor b = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        a.mul(b).sum().backward();
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertArrayEquals(new float[] {2, 2, 2}, b.grad().toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, a.grad().toFloatArray());
    }
}
