package dev.kiln.tck.gradcheck;

import dev.kiln.DType;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.tck.samples.OpSample;
import dev.kiln.tck.samples.SampleInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkers catch wrong derivatives. Custom ops are recorded through core's {@link Autograd#record}
 * with derivatives built from a recorded multiply of their own, so these tests depend on no derivative
 * of Kiln's ops: a correct square passes both checks; a square whose first derivative is wrong fails
 * gradcheck (gradgradcheck differentiates whatever backward it is given, as PyTorch's does); a square whose
 * backward has the right values but is not differentiable (it detaches its saved input), or is built from an
 * op with a wrong derivative, passes gradcheck and fails gradgradcheck.
 */
class GradCheckCanFailTest {
    private static KilnRuntime runtime;

    @BeforeAll
    static void referenceBackend() {
        runtime = Kiln.builder().backend("ref").build();
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    /** {@code a * b} (same shapes) recorded as one node whose backward uses this same op: differentiable to any order. */
    static Tensor times(Tensor a, Tensor b) {
        Tensor out;
        try (var off = GradMode.disable()) {
            out = a.mul(b);
        }
        return Autograd.record("TestTimesBackward", out, Autograd.inputs(a, b), Autograd.saved(a, b),
                (g, s) -> Autograd.grads(s.needs(0) ? times(g, s.get(1)) : null, s.needs(1) ? times(g, s.get(0)) : null));
    }

    /** {@code x * x} recorded as one node with the given backward {@code (grad, x) -> dx}. */
    static Tensor square(Tensor x, java.util.function.BinaryOperator<Tensor> backward) {
        Tensor out;
        try (var off = GradMode.disable()) {
            out = x.mul(x);
        }
        return Autograd.record("TestSquareBackward", out, Autograd.inputs(x), Autograd.saved(x),
                (g, s) -> Autograd.grads(backward.apply(g, s.get(0))));
    }

    private static Tensor twos(Tensor x) {
        return Tensor.fullLike(x, 2);
    }

    private static OpSample sample(String name, UnaryOperator<Tensor> op) {
        SampleInput x = SampleInput.of(new int[] {2, 3}, 0.3, -0.7, 1.1, 0.5, -0.2, 0.9);
        return new OpSample("test_square", name, List.of(x), a -> op.apply(a.get(0)), true);
    }

    @Test
    void correctDerivativesPassBoth() {
        OpSample s = sample("square_right", x -> square(x, (g, in) -> times(g, times(in, twos(in)))));
        CheckResult first = GradCheck.gradcheck(s);
        CheckResult second = GradCheck.gradgradcheck(s);
        assertTrue(first.passed(), first.toString());
        assertTrue(second.passed(), second.toString());
        assertTrue(first.maxAbsErr() < 1e-8, first.toString());
    }

    @Test
    void aWrongFirstDerivativeFailsGradcheck() {
        // d(x^2)/dx written as x instead of 2x
        OpSample s = sample("square_missing_factor_2", x -> square(x, (g, in) -> times(g, in)));
        CheckResult r = GradCheck.gradcheck(s);
        assertFalse(r.passed(), r.toString());
        assertFalse(r.unsupported(), r.toString());
        assertTrue(r.message().contains("outside rtol=0.001 atol=1.0E-5") && r.message().contains("worst: input 0 [2, 3] at"),
                r.message());
        assertTrue(r.maxAbsErr() > 0.01, r.toString());
    }

    @Test
    void aBackwardThatIsNotDifferentiableFailsGradgradcheckOnly() {
        // right values, but the saved input is detached: the double backward loses the d/dx term
        OpSample s = sample("square_detached_backward", x -> square(x, (g, in) -> times(g, times(in.detach(), twos(in)))));
        CheckResult first = GradCheck.gradcheck(s);
        assertTrue(first.passed(), first.toString());
        CheckResult second = GradCheck.gradgradcheck(s);
        assertFalse(second.passed(), second.toString());
        assertFalse(second.unsupported(), second.toString());
        assertTrue(second.message().contains("worst: input 0"), second.message());
    }

    /** {@code a * b} whose recorded derivative for {@code b} is twice what it should be. */
    static Tensor timesWrongForSecond(Tensor a, Tensor b) {
        Tensor out;
        try (var off = GradMode.disable()) {
            out = a.mul(b);
        }
        return Autograd.record("TestWrongTimesBackward", out, Autograd.inputs(a, b), Autograd.saved(a, b),
                (g, s) -> Autograd.grads(s.needs(0) ? times(g, s.get(1)) : null,
                        s.needs(1) ? times(g, times(s.get(0), twos(s.get(0)))) : null));
    }

    @Test
    void aWrongDerivativeInsideTheBackwardFailsGradgradcheckOnly() {
        // the square's backward g * 2x has the right values, but the op it is built from differentiates its
        // second operand wrongly: only the double backward goes through that derivative
        OpSample s = sample("square_backward_with_wrong_inner_derivative",
                x -> square(x, (g, in) -> timesWrongForSecond(g, times(in, twos(in)))));
        CheckResult first = GradCheck.gradcheck(s);
        assertTrue(first.passed(), first.toString());
        CheckResult second = GradCheck.gradgradcheck(s);
        assertFalse(second.passed(), second.toString());
        assertTrue(second.message().contains("worst: input 0"), second.message());
        assertTrue(second.maxAbsErr() > 0.01, second.toString());
    }

    @Test
    void aWrongBroadcastGradientIsCaught() {
        // x [3, 1] expanded to [3, 3]: its gradient is g summed over dim 1; a backward that sums dim 0 and
        // reshapes has the right shape and the wrong values
        UnaryOperator<Tensor> op = x -> {
            Tensor out;
            try (var off = GradMode.disable()) {
                out = x.expand(3, 3).mul(1.0);
            }
            return Autograd.record("TestExpandBackward", out, Autograd.inputs(x), Autograd.saved(),
                    (g, s) -> Autograd.grads(g.sum(new int[] {0}, true).reshape(3, 1)));
        };
        OpSample s = new OpSample("test_expand", "expand_summed_over_the_wrong_dim",
                List.of(SampleInput.of(new int[] {3, 1}, 0.1, 0.2, 0.3)), a -> op.apply(a.get(0)), false);
        CheckResult r = GradCheck.gradcheck(s);
        assertFalse(r.passed(), r.toString());
        assertTrue(r.message().contains("elements outside"), r.message());
    }

    @Test
    void anOpThatThrowsIsAFailingResult() {
        OpSample s = new OpSample("test_throw", "throws", List.of(SampleInput.of(new int[] {2}, 1, 2)), a -> {
            throw new IllegalArgumentException("test_throw: no such op");
        }, true);
        CheckResult r = GradCheck.gradcheck(s);
        assertFalse(r.passed());
        assertFalse(r.unsupported());
        assertTrue(r.message().contains("forward threw IllegalArgumentException: test_throw: no such op"), r.message());
        assertTrue(Double.isNaN(r.maxAbsErr()));
    }

    @Test
    void anOpWithoutADerivativeFails() {
        // recorded nowhere: the output has no grad_fn
        OpSample s = new OpSample("test_untracked", "untracked", List.of(SampleInput.of(new int[] {2}, 1, 2)), a -> {
            try (var off = GradMode.disable()) {
                return a.get(0).mul(2.0);
            }
        }, true);
        CheckResult r = GradCheck.gradcheck(s);
        assertFalse(r.passed());
        assertTrue(r.message().contains("does not require grad"), r.message());
    }

    @Test
    void aMissingKernelIsUnsupportedNotFailed() {
        OpSample s = new OpSample("test_unsupported", "unsupported", List.of(SampleInput.of(new int[] {2}, 1, 2)), a -> {
            throw new RuntimeException("wrapped", new UnsupportedKernelException("test_unsupported", "none",
                    Kernel.UNARY, DType.FLOAT64, Set.of()));
        }, true);
        CheckResult r = GradCheck.gradgradcheck(s);
        assertTrue(r.unsupported(), r.toString());
        assertFalse(r.passed());
        assertTrue(r.message().contains("backend 'none' does not support kernel"), r.message());
    }

    @Test
    void aFirstOrderOnlySampleIsNotSecondOrderChecked() {
        OpSample s = new OpSample("test_square", "first_order_only", List.of(SampleInput.of(new int[] {1}, 0.5)),
                a -> square(a.get(0), (g, in) -> times(g, times(in, twos(in)))), false);
        CheckResult r = GradCheck.gradgradcheck(s);
        assertTrue(r.unsupported(), r.toString());
        assertEquals("first_order_only", r.sample());
    }
}
