package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;
import dev.kiln.core.ops.Conversion;
import dev.kiln.core.tensor.TensorImpl;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kiln.core.autograd.ShapeViewGradTest.assertNode;
import static dev.kiln.core.autograd.ShapeViewGradTest.assertValues;
import static dev.kiln.core.autograd.ShapeViewGradTest.grad;
import static dev.kiln.core.autograd.ShapeViewGradTest.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@code to(dtype)} / {@code to(device)} record ToCopyBackward0 and hand the gradient back in the input's
 * dtype; the internal cast helpers other ops use record nothing.
 */
class ConversionGradTest {

    private static Tensor floats() {
        return Tensor.of(new float[] {1.5f, -2f, 3.25f}).requiresGrad(true);
    }

    @Test
    void toDtypeRecordsToCopyAndCastsTheGradientBack() {
        Tensor x = floats();
        Tensor y = x.to(DType.FLOAT64);
        assertNode("ToCopyBackward0", y);
        assertEquals(DType.FLOAT64, y.dtype());
        y.backward(seq(0.5, 3));
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertValues(new double[] {0.5, 1, 1.5}, x.grad());
    }

    @Test
    void toTheSameDtypeOrDeviceIsTheTensorItself() {
        Tensor x = floats();
        assertSame(x, x.to(DType.FLOAT32));
        assertSame(x, x.to(Device.CPU));
        assertNull(x.to(Device.CPU).gradFn());
    }

    @Test
    void toAnIntegerDtypeIsNotDifferentiable() {
        Tensor x = floats();
        Tensor i = x.to(DType.INT64);
        assertNull(i.gradFn());
        assertFalse(i.requiresGrad());
    }

    @Test
    void aConvertedInputUsedTwice() {
        Tensor x = floats();
        Tensor d = x.to(DType.FLOAT64);
        Tensor y = d.mul(d).sum();
        y.backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertValues(new double[] {3, -4, 6.5}, x.grad());
    }

    @Test
    void toDtypeDoubleBackward() {
        Tensor x = floats();
        Tensor w = seq(1, 3).requiresGrad(true);
        Tensor gx = grad(x.to(DType.FLOAT64), x, w, true);
        assertNode("ToCopyBackward0", gx);
        assertEquals(DType.FLOAT32, gx.dtype());
        Tensor gw = grad(gx, w, Tensor.of(new float[] {4, 5, 6}), false);
        assertEquals(DType.FLOAT64, gw.dtype());
        assertValues(new double[] {4, 5, 6}, gw);
    }

    @Test
    void theInternalCastHelpersRecordNothing() {
        TensorImpl x = TensorImpl.of(floats());
        assertNull(Conversion.cast(x, DType.FLOAT64).gradFn());
        assertNull(Conversion.contiguousAs(TensorImpl.of(x.unsqueeze(1).expand(3, 2)), DType.FLOAT32).gradFn());
        assertSame(x, Conversion.moveTo(x, x.backend()));
    }

    @Test
    void anOpThatPromotesItsInputsRecordsOnlyItsOwnNode() {
        Tensor x = floats();
        Tensor y = seq(1, 3).requiresGrad(true);
        Tensor z = x.add(y);
        assertEquals(DType.FLOAT64, z.dtype());
        assertNode("AddBackward0", z);
        assertEquals(List.of("AccumulateGrad", "AccumulateGrad"),
                z.gradFn().nextFunctions().stream().map(e -> e.function().name()).toList());
        z.backward(seq(1, 3));
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertValues(new double[] {1, 2, 3}, x.grad());
    }
}
