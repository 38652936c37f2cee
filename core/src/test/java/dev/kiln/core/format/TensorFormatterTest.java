package dev.kiln.core.format;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TensorFormatter} against PyTorch's own printouts (fixture written by gen_format_cases.py). */
class TensorFormatterTest {

    private static Tensor fake(FormatCase c) {
        return FakeTensor.of(c.dtype(), Device.CPU, c.shape(), c.values());
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorchRepr() {
        List<FormatCase> cases = FormatCase.load();
        assertTrue(cases.size() >= 25, "fixture has only " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            List<String> suffixes = c.suffix() == null ? List.of() : List.of(c.suffix());
            assertEquals(c.expected(), TensorFormatter.format(fake(c), suffixes), c.name());
        }));
    }

    @Test
    void cudaDeviceSuffixComesBeforeTheDtype() {
        Tensor f32 = FakeTensor.of(DType.FLOAT32, Device.CUDA, new int[] {2}, new double[] {1, 2});
        assertEquals("tensor([1., 2.], device='cuda:0')", TensorFormatter.format(f32));
        Tensor f64 = FakeTensor.of(DType.FLOAT64, Device.cuda(1), new int[] {2}, new double[] {1, 2.5});
        assertEquals("tensor([1.0000, 2.5000], device='cuda:1', dtype=torch.float64)", TensorFormatter.format(f64));
        Tensor empty = FakeTensor.of(DType.INT32, Device.CUDA, new int[] {0, 2}, new long[0]);
        assertEquals("tensor([], device='cuda:0', size=(0, 2), dtype=torch.int32)", TensorFormatter.format(empty));
    }

    @Test
    void summarisedPrintReadsOnlyTheEdges() {
        int rows = 2000;
        int cols = 500;
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = i % 7;
        Tensor big = FakeTensor.of(DType.FLOAT32, Device.CPU, new int[] {rows, cols}, v);
        FakeTensor.elementsRead = 0;
        String s = TensorFormatter.format(big);
        assertEquals(36, FakeTensor.elementsRead, "a summarised print must read only the 6 x 6 edge elements");
        assertEquals("""
                tensor([[0., 1., 2.,  ..., 0., 1., 2.],
                        [3., 4., 5.,  ..., 3., 4., 5.],
                        [6., 0., 1.,  ..., 6., 0., 1.],
                        ...,
                        [6., 0., 1.,  ..., 6., 0., 1.],
                        [2., 3., 4.,  ..., 2., 3., 4.],
                        [5., 6., 0.,  ..., 5., 6., 0.]])""", s); // as torch prints (arange(10**6) % 7).reshape(2000, 500)
    }

    @Test
    void longSuffixWrapsOntoItsOwnLine() {
        Tensor t = FakeTensor.of(DType.FLOAT16, Device.CPU, new int[] {8},
                new double[] {0.5, -1.25, 2, 3, 4, 5, 6, 7.75});
        assertEquals("tensor([ 0.5000, -1.2500,  2.0000,  3.0000,  4.0000,  5.0000,  6.0000,  7.7500],\n"
                + "       dtype=torch.float16, grad_fn=<ToCopyBackward0>)",
                TensorFormatter.format(t, List.of("grad_fn=<ToCopyBackward0>")));
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
