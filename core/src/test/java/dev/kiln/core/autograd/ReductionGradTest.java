package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gradients of the reductions and of the elementwise ops with awkward points (zeros in prod, ties in max,
 * clamp bounds, pow at 0), against numbers printed by PyTorch 1.13 ({@code torch.autograd.grad} with
 * grad_output 1, 2, 3, ... in row-major order).
 */
class ReductionGradTest {

    private static Tensor x() {
        return Tensor.of(new double[][] {{1.5, -2.0, 3.0}, {0.0, 4.0, -1.0}}, DType.FLOAT64).requiresGrad(true);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("prod0", (UnaryOperator<Tensor>) t -> t.prod(0, false), "ProdBackward1", new double[] {0, 8, -3, 1.5, -4, 9}),
                Arguments.of("prod1", (UnaryOperator<Tensor>) t -> t.prod(1, false), "ProdBackward1", new double[] {-6, 4.5, -3, -8, 0, 0}),
                Arguments.of("prodAll", (UnaryOperator<Tensor>) Tensor::prod, "ProdBackward0", new double[] {0, 0, 0, 36, 0, 0}),
                Arguments.of("max1", (UnaryOperator<Tensor>) t -> t.max(1, false).values(), "MaxBackward0", new double[] {0, 0, 1, 0, 2, 0}),
                Arguments.of("amax0", (UnaryOperator<Tensor>) t -> t.amax(new int[] {0}, false), "AmaxBackward0", new double[] {1, 0, 3, 0, 2, 0}),
                Arguments.of("maxAll", (UnaryOperator<Tensor>) Tensor::max, "MaxBackward1", new double[] {0, 0, 0, 0, 1, 0}),
                Arguments.of("minAll", (UnaryOperator<Tensor>) Tensor::min, "MinBackward1", new double[] {0, 1, 0, 0, 0, 0}),
                Arguments.of("mean1", (UnaryOperator<Tensor>) t -> t.mean(1), "MeanBackward1",
                        new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 2 / 3.0}),
                Arguments.of("sum1keep", (UnaryOperator<Tensor>) t -> t.sum(1, true), "SumBackward1", new double[] {1, 1, 1, 2, 2, 2}),
                Arguments.of("clamp", (UnaryOperator<Tensor>) t -> t.clamp(-1.5, 2.0), "ClampBackward1", new double[] {1, 0, 0, 4, 0, 6}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesPyTorch(String name, UnaryOperator<Tensor> op, String node, double[] expected) {
        Tensor x = x();
        Tensor y = op.apply(x);
        assertEquals(node, y.gradFn().name());
        Tensor g = Tensor.arange(1, y.numel() + 1, 1, new dev.kiln.TensorOptions(DType.FLOAT64, y.device())).reshape(y.shape());
        Tensor gx = Kiln.grad(List.of(y), List.of(x), List.of(g), false, false, false).getFirst();
        assertArrayEquals(expected, gx.toDoubleArray(), 1e-12);
    }

    @Test
    void tiesShareTheGradientEvenly() {
        Tensor t = Tensor.of(new double[][] {{2, 2, 1}}, DType.FLOAT64).requiresGrad(true);
        assertArrayEquals(new double[] {0.5, 0.5, 0}, Kiln.grad(t.amax(new int[] {1}, false).sum(), t).toDoubleArray());
        assertArrayEquals(new double[] {0.5, 0.5, 0}, Kiln.grad(t.max(), t).toDoubleArray());
        Tensor u = Tensor.of(new double[] {2, 2, 1}, DType.FLOAT64).requiresGrad(true);
        Tensor v = Tensor.of(new double[] {2, 1, 3}, DType.FLOAT64).requiresGrad(true);
        List<Tensor> g = Kiln.grad(List.of(u.maximum(v).sum()), List.of(u, v), null, false, false, false);
        assertArrayEquals(new double[] {0.5, 1, 0}, g.get(0).toDoubleArray());
        assertArrayEquals(new double[] {0.5, 0, 1}, g.get(1).toDoubleArray());
    }

    @Test
    void powWithATensorExponentAtZero() {
        Tensor a = Tensor.of(new double[] {0, 2, -1}, DType.FLOAT64).requiresGrad(true);
        Tensor e = Tensor.of(new double[] {2, 0, 3}, DType.FLOAT64).requiresGrad(true);
        Tensor y = a.pow(e).sum();
        assertEquals("PowBackward1", y.gradFn().next(0).name());
        List<Tensor> g = Kiln.grad(List.of(y), List.of(a, e), null, false, false, false);
        assertArrayEquals(new double[] {0, 0, 3}, g.get(0).toDoubleArray());
        double[] ge = g.get(1).toDoubleArray();
        assertEquals(0.0, ge[0]);
        assertEquals(Math.log(2), ge[1], 1e-15);
        assertEquals(Double.NaN, ge[2], "log of a negative base, as PyTorch");
    }

    @Test
    void elementwiseNodeNamesAreTorchs() {
        Tensor x = Tensor.of(new double[] {0.5, 1.5}, DType.FLOAT64).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {2, 3}, DType.FLOAT64).requiresGrad(true);
        assertEquals(List.of("AddBackward0", "SubBackward0", "MulBackward0", "DivBackward0", "PowBackward0", "PowBackward1",
                        "MaximumBackward0", "MinimumBackward0", "NegBackward0", "AbsBackward0", "SignBackward0", "ReluBackward0",
                        "ExpBackward0", "LogBackward0", "SqrtBackward0", "TanhBackward0", "SigmoidBackward0", "SinBackward0",
                        "CosBackward0", "ReciprocalBackward0", "ClampBackward1", "ClampBackward1", "WhereBackward0",
                        "AddBackward0", "MulBackward0", "SumBackward0", "MeanBackward0"),
                Stream.of(x.add(y), x.sub(y), x.mul(y), x.div(y), x.pow(2), x.pow(y), x.maximum(y), x.minimum(y), x.neg(), x.abs(),
                        x.sign(), x.relu(), x.exp(), x.log(), x.sqrt(), x.tanh(), x.sigmoid(), x.sin(), x.cos(), x.reciprocal(),
                        x.clampMin(1), x.clampMax(1), Tensor.where(x.gt(1), x, y), x.add(1), x.mul(2), x.sum(), x.mean())
                        .map(t -> t.gradFn().name()).toList());
    }
}
