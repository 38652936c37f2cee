package dev.kiln.core.format;

import dev.kiln.DType;
import dev.kiln.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The PyTorch fixture through real engine tensors and {@link Tensor#toString()}, and the tutorials' printouts. */
class EngineTensorFormatTest {

    /** A real tensor holding the case's values in its dtype. */
    private static Tensor real(FormatCase c) {
        Object v = c.values();
        Tensor flat = switch (c.dtype().kind()) {
            case FLOAT -> Tensor.wrap((double[]) v, ((double[]) v).length);
            case INTEGER -> Tensor.wrap((long[]) v, ((long[]) v).length);
            case BOOL -> Tensor.of((boolean[]) v);
        };
        return flat.to(c.dtype()).reshape(c.shape());
    }

    @TestFactory
    Stream<DynamicTest> toStringMatchesPyTorch() {
        // autograd suffixes are the autograd engine's to add; the rest must print exactly
        return FormatCase.load().stream().filter(c -> c.suffix() == null)
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> assertEquals(c.expected(), real(c).toString(), c.name())));
    }

    @Test
    void tutorialPrintouts() {
        Tensor t = Tensor.ones(4, 4);
        t.index(":, 1").fill_(0);
        assertEquals("""
                tensor([[1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.],
                        [1., 0., 1., 1.]])""", t.toString());
        assertEquals("""
                tensor([[3., 0., 3., 3.],
                        [3., 0., 3., 3.],
                        [3., 0., 3., 3.],
                        [3., 0., 3., 3.]])""", t.matmul(t).toString());
        assertEquals("""
                tensor([[11., 10., 11., 11.],
                        [11., 10., 11., 11.],
                        [11., 10., 11., 11.],
                        [11., 10., 11., 11.]])""", t.add(5).add_(5).toString());
        assertEquals("""
                tensor([[1, 2],
                        [3, 4]], dtype=torch.int32)""", Tensor.of(new int[][] {{1, 2}, {3, 4}}, DType.INT32).toString());
        assertEquals("tensor([-12.,  -8.])", Tensor.of(-12.0, -8.0).toString());
        assertEquals("tensor(40.)", Tensor.scalar(40).toString());
        assertEquals("""
                tensor([[0., 1., 2., 3., 4.],
                        [5., 6., 7., 8., 9.]])""", Tensor.arange(0, 10, 1).toFloat().view(2, 5).toString());
    }

    @Test
    void summarisedTransposedViewPrintsLikePyTorch() {
        // torch.arange(2000.).reshape(40, 50).t()
        Tensor t = Tensor.arange(0, 2000, 1).toFloat().reshape(40, 50).t();
        assertEquals("""
                tensor([[0.0000e+00, 5.0000e+01, 1.0000e+02,  ..., 1.8500e+03, 1.9000e+03,
                         1.9500e+03],
                        [1.0000e+00, 5.1000e+01, 1.0100e+02,  ..., 1.8510e+03, 1.9010e+03,
                         1.9510e+03],
                        [2.0000e+00, 5.2000e+01, 1.0200e+02,  ..., 1.8520e+03, 1.9020e+03,
                         1.9520e+03],
                        ...,
                        [4.7000e+01, 9.7000e+01, 1.4700e+02,  ..., 1.8970e+03, 1.9470e+03,
                         1.9970e+03],
                        [4.8000e+01, 9.8000e+01, 1.4800e+02,  ..., 1.8980e+03, 1.9480e+03,
                         1.9980e+03],
                        [4.9000e+01, 9.9000e+01, 1.4900e+02,  ..., 1.8990e+03, 1.9490e+03,
                         1.9990e+03]])""", t.toString());
    }
}
