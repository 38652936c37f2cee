package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.core.runtime.DefaultRuntime;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.nn.F;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Core asks the tensor's backend for fused kernels and uses them unless they decline or the runtime switched
 * them off; whichever path ran, the values agree and the autograd graph (node names, edges) and the
 * gradients are the same.
 */
class FusedWiringTest {
    @TempDir Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty("kiln.fused");
    }

    /** What one run of a scenario produced. */
    record Outcome(List<double[]> values, String graph, int kernelCalls) {}

    /** A scenario: inputs made from a seed, an op, its outputs (the first is differentiated), and the inputs to read grads of. */
    interface Scenario { Tensor[] run(List<Tensor> leaves); }

    private Outcome run(boolean fusedOn, boolean decline, String kernel, Function<DType, Scenario> make, DType dtype) {
        FakeFusedBackend fake = new FakeFusedBackend();
        fake.decline = decline;
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(tmp.resolve("none")).module(FakeFusedBackend.module(fake))
                .fusedKernels(fusedOn).build()) {
            List<Tensor> leaves = new ArrayList<>();
            Tensor[] outs = make.apply(dtype).run(leaves);
            Tensor y = outs[0];
            assertEquals(FakeFusedBackend.NAME, dev.kiln.core.tensor.TensorImpl.of(y).backend().name());
            List<double[]> values = new ArrayList<>();
            for (Tensor o : outs) values.add(o.toDoubleArray());
            String graph = describe(y.gradFn());
            Tensor upstream = seeded(77, dtype, y.shape());
            y.backward(upstream);
            for (Tensor leaf : leaves) values.add(leaf.grad().toDoubleArray());
            int calls = fake.calls.keySet().stream().filter(k -> k.startsWith(kernel)).mapToInt(fake::calls).sum();
            return new Outcome(values, graph, calls);
        }
    }

    private static String describe(GradFn fn) {
        if (fn == null) return "-";
        StringBuilder b = new StringBuilder(fn.name()).append('(');
        for (GradFn.Edge e : fn.nextFunctions()) b.append(describe(e.function())).append(' ');
        return b.append(')').toString();
    }

    static Tensor seeded(long seed, DType dtype, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.round(r.nextDouble(-3, 3) * 1024) / 1024.0;
        Tensor t = Tensor.wrap(v, shape);
        return dtype == DType.FLOAT64 ? t : t.to(dtype);
    }

    static Tensor leaf(List<Tensor> leaves, long seed, DType dtype, int... shape) {
        Tensor t = seeded(seed, dtype, shape).requiresGrad(true);
        leaves.add(t);
        return t;
    }

    /** Runs fused (accepting), composed (switched off) and declining; checks calls, graph and values. */
    private void check(String kernel, Function<DType, Scenario> make) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Outcome fused = run(true, false, kernel, make, dtype);
            Outcome off = run(false, false, kernel, make, dtype);
            Outcome declined = run(true, true, kernel, make, dtype);
            assertTrue(fused.kernelCalls() > 0, kernel + " " + dtype + ": the fused kernel was not asked");
            assertEquals(0, off.kernelCalls(), kernel + ": the runtime switched fused kernels off, yet one ran");
            assertTrue(declined.kernelCalls() > 0, kernel + ": the declining kernel was not asked");
            assertEquals(off.graph(), fused.graph(), kernel + " " + dtype + ": graph");
            assertEquals(off.graph(), declined.graph(), kernel + " " + dtype + ": graph after a decline");
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            assertEquals(off.values().size(), fused.values().size());
            for (int i = 0; i < off.values().size(); i++) {
                assertArrayEquals(off.values().get(i), fused.values().get(i), tol, kernel + " " + dtype + ": value " + i);
                assertArrayEquals(off.values().get(i), declined.values().get(i), 0.0, kernel + " " + dtype + ": value " + i);
            }
        }
    }

    @Test
    void softmaxAndLogSoftmaxUseTheKernel() {
        check("softmax", dt -> leaves -> new Tensor[] {leaf(leaves, 1, dt, 3, 7).softmax(1)});
        check("softmax", dt -> leaves -> new Tensor[] {leaf(leaves, 2, dt, 4, 3, 2).logSoftmax(1)});
    }

    @Test
    void aKernelThatDeclinesANonContiguousInputFallsBackToTheComposedForm() {
        // the fake declines non-contiguous views, so the fused run is the composed one: values identical
        check("softmax", dt -> leaves -> new Tensor[] {leaf(leaves, 3, dt, 5, 4).t().softmax(0).mul(2)});
    }

    @Test
    void crossEntropyUsesTheKernelAndKeepsNllOverLogSoftmax() {
        for (F.Reduction red : F.Reduction.values()) {
            check("cross_entropy", dt -> leaves -> new Tensor[] {
                    F.crossEntropy(leaf(leaves, 4, dt, 4, 5), Tensor.of(1L, 0L, 4L, 2L), red)});
        }
        Outcome o = run(true, false, "cross_entropy", dt -> leaves -> new Tensor[] {
                F.crossEntropy(leaf(leaves, 4, dt, 4, 5), Tensor.of(1L, 0L, 4L, 2L))}, DType.FLOAT64);
        assertTrue(o.graph().startsWith("NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad"), o.graph());
    }

    @Test
    void crossEntropyRefusesABadTargetWithTheComposedMessage() {
        FakeFusedBackend fake = new FakeFusedBackend();
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(tmp.resolve("none")).module(FakeFusedBackend.module(fake)).build()) {
            Tensor x = seeded(5, DType.FLOAT64, 2, 3);
            var e = assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(x, Tensor.of(0L, 3L)));
            assertTrue(e.getMessage().contains("target 3 is out of bounds for 3 classes"), e.getMessage());
            assertEquals(0, fake.calls("cross_entropy"));
        }
    }

    @Test
    void maxPool2dUsesTheKernelForValuesAndIndices() {
        check("max_pool2d", dt -> leaves -> {
            var r = F.maxPool2dWithIndices(leaf(leaves, 6, dt, 2, 2, 5, 5), 3, 2, 1);
            return new Tensor[] {r.values(), r.indices().to(DType.FLOAT64)};
        });
        check("max_pool2d", dt -> leaves -> new Tensor[] {F.maxPool2d(leaf(leaves, 7, dt, 3, 6, 6), 2)});
    }

    @Test
    void linearUsesTheKernelForEveryRankAboveOne() {
        check("linear", dt -> leaves -> new Tensor[] {
                F.linear(leaf(leaves, 8, dt, 2, 3, 4), leaf(leaves, 9, dt, 5, 4), leaf(leaves, 10, dt, 5))});
        check("linear", dt -> leaves -> new Tensor[] {F.linear(leaf(leaves, 11, dt, 6, 4), leaf(leaves, 12, dt, 3, 4), null)});
    }

    @Test
    void conv2dUsesTheKernelForwardAndForBothBackwardPasses() {
        check("conv2d", dt -> leaves -> new Tensor[] {F.conv2d(leaf(leaves, 13, dt, 2, 3, 5, 5), leaf(leaves, 14, dt, 4, 3, 3, 3),
                leaf(leaves, 15, dt, 4), 2, 1)});
        FakeFusedBackend fake = new FakeFusedBackend();
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(tmp.resolve("none")).module(FakeFusedBackend.module(fake)).build()) {
            Tensor x = seeded(16, DType.FLOAT64, 1, 2, 4, 4).requiresGrad(true);
            Tensor w = seeded(17, DType.FLOAT64, 3, 2, 2, 2).requiresGrad(true);
            F.conv2d(x, w, null, 1, 0).sum().backward();
            assertEquals(1, fake.calls("conv2d_backward_input"));
            assertEquals(1, fake.calls("conv2d_backward_weight"));
        }
    }

    @Test
    void theLookupIsCachedPerBackend() {
        FakeFusedBackend fake = new FakeFusedBackend();
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(tmp.resolve("none")).module(FakeFusedBackend.module(fake)).build()) {
            Tensor x = seeded(1, DType.FLOAT64, 4, 5);
            for (int i = 0; i < 10; i++) {
                x.softmax(1);
                x.logSoftmax(0);
            }
            assertEquals(20, fake.calls("softmax"));
            assertEquals(1, fake.lookups.get(), "fused(SoftmaxKernel) asked once, then cached");
        }
    }

    @Test
    void conv2dBackwardWithCreateGraphStaysComposedSoItCanBeDifferentiatedAgain() {
        double[][] gradOfGrad = new double[2][];
        for (boolean fusedOn : new boolean[] {true, false}) {
            FakeFusedBackend fake = new FakeFusedBackend();
            try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(tmp.resolve("none")).module(FakeFusedBackend.module(fake))
                    .fusedKernels(fusedOn).build()) {
                Tensor x = seeded(18, DType.FLOAT64, 1, 2, 5, 5).requiresGrad(true);
                Tensor w = seeded(19, DType.FLOAT64, 3, 2, 3, 3).requiresGrad(true);
                Tensor y = F.conv2d(x, w, null, 1, 1);
                Tensor gx = dev.kiln.Kiln.grad(List.of(y.mul(y).sum()), List.of(x), null, true, true, false).get(0);
                assertEquals(0, fake.calls("conv2d_backward_input") + fake.calls("conv2d_backward_weight"), "create_graph: the differentiable composed backward");
                gx.sum().backward();
                gradOfGrad[fusedOn ? 0 : 1] = w.grad().toDoubleArray();
            }
        }
        assertArrayEquals(gradOfGrad[1], gradOfGrad[0], 1e-12);
    }

    @Test
    void settingKilnFusedFalseSwitchesThemOffAndABadValueIsRefused() {
        System.setProperty("kiln.fused", "false");
        FakeFusedBackend fake = new FakeFusedBackend();
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(tmp.resolve("none")).module(FakeFusedBackend.module(fake)).build()) {
            seeded(1, DType.FLOAT64, 2, 3).softmax(1);
            assertEquals(0, fake.calls("softmax"));
        }
        System.setProperty("kiln.fused", "maybe");
        var e = assertThrows(IllegalArgumentException.class, () -> new RuntimeBuilder().pluginsDir(tmp.resolve("none")).build());
        assertTrue(e.getMessage().contains("system property kiln.fused is 'maybe'; expected true or false"), e.getMessage());
    }
}
