package dev.kiln.core.format;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Array;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TensorFormatter} and {@link Tensor#toString()} over real engine tensors, against PyTorch's
 * own printouts (fixture written by gen_format_cases.py) and the tutorials' printouts.
 */
class TensorFormatterTest {

    /** A real contiguous tensor holding the case's values in its dtype and shape. */
    private static Tensor real(FormatCase c) {
        return Tensor.of(c.values(), c.dtype()).reshape(c.shape());
    }

    /**
     * The case's values as a non-contiguous view: every other element of a tensor whose last dim
     * is twice as long, the elements between holding zeros; null for 0-dim and empty cases.
     */
    private static Tensor strided(FormatCase c) {
        int[] shape = c.shape();
        Object values = c.values();
        int n = Array.getLength(values);
        if (shape.length == 0 || n == 0) return null;
        int last = shape[shape.length - 1];
        Object padded = Array.newInstance(values.getClass().getComponentType(), 2 * n);
        for (int i = 0; i < n; i++) {
            Array.set(padded, (i / last) * 2 * last + 2 * (i % last), Array.get(values, i));
        }
        int[] paddedShape = shape.clone();
        paddedShape[shape.length - 1] = 2 * last;
        return Tensor.of(padded, c.dtype()).reshape(paddedShape).slice(shape.length - 1, 0, 2L * last, 2);
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorchRepr() {
        List<FormatCase> cases = FormatCase.load();
        assertTrue(cases.size() >= 25, "fixture has only " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor t = real(c);
            List<String> suffixes = c.suffix() == null ? List.of() : List.of(c.suffix());
            assertEquals(c.expected(), TensorFormatter.format(t, suffixes), c.name());
            // autograd suffixes are the autograd engine's to add; the rest must print exactly through toString
            if (c.suffix() == null) assertEquals(c.expected(), t.toString(), c.name() + " (toString)");
            Tensor view = strided(c);
            if (view != null) {
                // (a single element counts as contiguous whatever its strides, as in PyTorch)
                if (view.numel() > 1) assertFalse(view.isContiguous(), c.name() + ": the strided view must not be contiguous");
                assertEquals(c.expected(), TensorFormatter.format(view, suffixes), c.name() + " (strided view)");
            }
        }));
    }

    @Test
    void cudaDeviceSuffixComesBeforeTheDtype() {
        // no CUDA device here: a real CPU tensor printed as if on the given device
        Tensor f32 = Tensor.of(new double[] {1, 2}, DType.FLOAT32);
        assertEquals("tensor([1., 2.], device='cuda:0')", TensorFormatter.format(f32, Device.CUDA, List.of()));
        Tensor f64 = Tensor.of(new double[] {1, 2.5}, DType.FLOAT64);
        assertEquals("tensor([1.0000, 2.5000], device='cuda:1', dtype=torch.float64)",
                TensorFormatter.format(f64, Device.cuda(1), List.of()));
        Tensor empty = Tensor.zeros(DType.INT32, 0, 2);
        assertEquals("tensor([], device='cuda:0', size=(0, 2), dtype=torch.int32)",
                TensorFormatter.format(empty, Device.CUDA, List.of()));
        // and the real device of a CPU tensor adds no suffix
        assertEquals("tensor([], size=(0, 2), dtype=torch.int32)", TensorFormatter.format(empty));
    }

    @Test
    void summarisedPrintOfALargeTensor() {
        int rows = 2000;
        int cols = 500;
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = i % 7;
        Tensor big = Tensor.wrap(v, rows, cols);
        assertEquals("""
                tensor([[0., 1., 2.,  ..., 0., 1., 2.],
                        [3., 4., 5.,  ..., 3., 4., 5.],
                        [6., 0., 1.,  ..., 6., 0., 1.],
                        ...,
                        [6., 0., 1.,  ..., 6., 0., 1.],
                        [2., 3., 4.,  ..., 2., 3., 4.],
                        [5., 6., 0.,  ..., 5., 6., 0.]])""", TensorFormatter.format(big));
        // as torch prints (arange(10**6) % 7).reshape(2000, 500)
    }

    @Test
    void summarisedPrintReadsOnlyTheEdges() {
        // 2.5e9 elements (a broadcast view over 50000 values): more than any Java array holds, so
        // the print can succeed only by reading the edges; torch.arange(50000).expand(50000, 50000)
        Tensor huge = Tensor.arange(50_000).expand(50_000, 50_000);
        assertEquals(2_500_000_000L, huge.numel());
        assertEquals("""
                tensor([[    0,     1,     2,  ..., 49997, 49998, 49999],
                        [    0,     1,     2,  ..., 49997, 49998, 49999],
                        [    0,     1,     2,  ..., 49997, 49998, 49999],
                        ...,
                        [    0,     1,     2,  ..., 49997, 49998, 49999],
                        [    0,     1,     2,  ..., 49997, 49998, 49999],
                        [    0,     1,     2,  ..., 49997, 49998, 49999]])""", huge.toString());
    }

    @Test
    void longSuffixWrapsOntoItsOwnLine() {
        Tensor t = Tensor.of(new double[] {0.5, -1.25, 2, 3, 4, 5, 6, 7.75}, DType.FLOAT16);
        assertEquals("tensor([ 0.5000, -1.2500,  2.0000,  3.0000,  4.0000,  5.0000,  6.0000,  7.7500],\n"
                + "       dtype=torch.float16, grad_fn=<ToCopyBackward0>)",
                TensorFormatter.format(t, List.of("grad_fn=<ToCopyBackward0>")));
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

    @Test
    void shapesPrintAsPythonTuples() {
        assertEquals("()", PyTuple.of(new int[0]));
        assertEquals("(5,)", PyTuple.of(new int[] {5}));
        assertEquals("(0, 3)", PyTuple.of(new int[] {0, 3}));
        assertEquals("(2147483647, 2147483647, 2147483647)", PyTuple.of(new long[] {2147483647L, 2147483647L, 2147483647L}));
    }

    @Test
    void pythonNumberFormatting() {
        assertEquals("0.1235", PyNumberFormat.fixed(0.12345f, 4));
        assertEquals("0.1250", PyNumberFormat.fixed(0.125, 4));
        assertEquals("0.12", PyNumberFormat.fixed(0.125, 2)); // half-even on the exact value
        assertEquals("-0.0000", PyNumberFormat.fixed(-1e-9, 4));
        assertEquals("-0", PyNumberFormat.fixed(-0.0, 0));
        assertEquals("nan", PyNumberFormat.fixed(-Double.NaN, 4));
        assertEquals("1.0000e-05", PyNumberFormat.scientific(1e-5, 4));
        assertEquals("1.0000e+01", PyNumberFormat.scientific(9.99999, 4));
        assertEquals("-2.5000e+300", PyNumberFormat.scientific(-2.5e300, 4));
        assertEquals("0.0000e+00", PyNumberFormat.scientific(0.0, 4));
        assertEquals("-inf", PyNumberFormat.scientific(Double.NEGATIVE_INFINITY, 4));
        assertEquals("4.9407e-324", PyNumberFormat.scientific(Double.MIN_VALUE, 4));
    }
}
