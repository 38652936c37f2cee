package dev.kiln.tck.golden;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.tck.report.CaseResult;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link GoldenRunner} judges an output, with outputs injected (no engine needed). */
class GoldenRunnerTest {

    private static GoldenCase caseWithOutput(DType dtype, int[] shape, double[] truth, double rtol, double atol) {
        GoldenCase.TensorData in = new GoldenCase.TensorData(dtype, shape, truth);
        return new GoldenCase("mem", "c", "neg", List.of(new GoldenCase.Input("input", in, false, null)),
                Kwargs.empty(), new GoldenCase.TensorData(dtype, shape, truth), null, Map.of(),
                new GoldenCase.Tolerance(rtol, atol));
    }

    /** An output tensor that only answers dtype, shape and toDoubleArray. */
    private static Tensor output(DType dtype, int[] shape, double[] values) {
        return (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class},
                (p, m, a) -> switch (m.getName()) {
                    case "dtype" -> dtype;
                    case "shape" -> shape.clone();
                    case "device" -> Device.CPU;
                    case "toDoubleArray" -> values.clone();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void passWithinTolerance() {
        GoldenCase c = caseWithOutput(DType.FLOAT32, new int[] {3}, new double[] {1, 100, 0}, 1e-4, 1e-5);
        CaseResult r = GoldenRunner.runForward(c, x -> output(DType.FLOAT32, new int[] {3}, new double[] {1.00009, 100.0099, 9e-6}));
        assertEquals(CaseResult.Status.PASS, r.status(), r.toString());
        assertEquals(0.0099, r.maxAbsError(), 1e-6);
    }

    @Test
    void failReportsErrorsAndTheWorstElement() {
        double[] truth = {1, 2, 3, 4, 5, 6};
        double[] got = {1, 2.001, 3, 4, 5, 7};
        GoldenCase c = caseWithOutput(DType.FLOAT64, new int[] {2, 3}, truth, 1e-4, 1e-5);
        CaseResult r = GoldenRunner.runForward(c, x -> output(DType.FLOAT64, new int[] {2, 3}, got));
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertEquals(1.0, r.maxAbsError(), 1e-12);
        assertEquals(1.0 / 6, r.maxRelError(), 1e-12);
        assertArrayEquals(new int[] {1, 2}, r.worstIndex());
        assertTrue(r.message().startsWith("output: 2 of 6 elements outside rtol=1.0E-4 atol=1.0E-5"), r.message());
        assertTrue(r.message().contains("worst at [1, 2]: got 7.0, expected 6.0"), r.message());
    }

    @Test
    void nanNeverPassesButEqualInfinitiesDo() {
        GoldenCase c = caseWithOutput(DType.FLOAT32, new int[] {2}, new double[] {Double.POSITIVE_INFINITY, 1}, 1e-4, 1e-5);
        assertEquals(CaseResult.Status.PASS, GoldenRunner.runForward(c,
                x -> output(DType.FLOAT32, new int[] {2}, new double[] {Double.POSITIVE_INFINITY, 1})).status());
        CaseResult nan = GoldenRunner.runForward(c, x -> output(DType.FLOAT32, new int[] {2}, new double[] {Double.POSITIVE_INFINITY, Double.NaN}));
        assertEquals(CaseResult.Status.FAIL, nan.status());
        assertArrayEquals(new int[] {1}, nan.worstIndex());
    }

    @Test
    void dtypeAndShapeMismatchFail() {
        GoldenCase c = caseWithOutput(DType.FLOAT32, new int[] {2}, new double[] {1, 2}, 1e-4, 1e-5);
        CaseResult dtype = GoldenRunner.runForward(c, x -> output(DType.FLOAT64, new int[] {2}, new double[] {1, 2}));
        assertEquals(CaseResult.Status.FAIL, dtype.status());
        assertEquals("output: dtype is float64, expected float32", dtype.message());
        assertEquals("output", dtype.tensor());
        CaseResult shape = GoldenRunner.runForward(c, x -> output(DType.FLOAT32, new int[] {1, 2}, new double[] {1, 2}));
        assertEquals("output: shape is [1, 2], expected [2]", shape.message());
    }

    @Test
    void unsupportedKernelIsReportedApartFromErrors() {
        GoldenCase c = caseWithOutput(DType.FLOAT32, new int[] {1}, new double[] {1}, 1e-4, 1e-5);
        CaseResult u = GoldenRunner.runForward(c, x -> {
            throw new IllegalStateException("wrapped", new UnsupportedKernelException("neg", "toy", Kernel.UNARY,
                    DType.FLOAT32, Set.of(DType.FLOAT64)));
        });
        assertEquals(CaseResult.Status.UNSUPPORTED, u.status());
        assertTrue(u.message().contains("backend 'toy'"), u.message());
        CaseResult e = GoldenRunner.runForward(c, x -> {
            throw new IllegalArgumentException("neg: boom");
        });
        assertEquals(CaseResult.Status.ERROR, e.status());
        assertTrue(e.message().startsWith("forward: IllegalArgumentException: neg: boom"), e.message());
    }

    @Test
    void unknownOpsAndKwargsAreErrorsNotSilentPasses() {
        Kwargs kw = new Kwargs(Map.of("dim", 1L, "bogus", true));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> kw.allowOnly("softmax", "dim"));
        assertEquals("softmax: unsupported kwarg 'bogus' (supported: dim)", e.getMessage());
        GoldenCase c = new GoldenCase("mem", "c", "frobnicate", List.of(), Kwargs.empty(),
                new GoldenCase.TensorData(DType.FLOAT32, new int[] {1}, new double[] {1}), null, Map.of(),
                new GoldenCase.Tolerance(0, 0));
        IllegalArgumentException op = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GoldenOps.apply(c, List.of()));
        assertTrue(op.getMessage().startsWith("unknown golden op 'frobnicate'"), op.getMessage());
    }
}
