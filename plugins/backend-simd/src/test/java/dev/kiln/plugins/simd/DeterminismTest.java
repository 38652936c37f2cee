package dev.kiln.plugins.simd;

import dev.kiln.Device;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.nn.F;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same training with the same seed gives the same bits every time on the simd backend with two
 * threads: a small MLP (784-256-256-10 on batch 64, cross-entropy, SGD) trained for 12 steps cold (interpreted
 * kernels), then after a 400-step warm-up (compiled kernels) twice more, all with the same seed, so this
 * also fails when a kernel's result depends on the JIT tier (the Vector API's SVML exp and lane
 * reductions did; see {@link VMath}) or on which thread finished first.
 */
class DeterminismTest {
    private static final int STEPS = 12;
    private static final int WARM_UP = 400;

    @Test
    void sameSeedSameBitsWithTwoThreads() {
        String old = System.getProperty("kiln.threads");
        System.setProperty("kiln.threads", "2");
        try (KilnRuntime rt = Kiln.builder().backend("simd").build()) {
            assertEquals("simd", rt.backend(Device.CPU).name());
            List<long[]> runs = new ArrayList<>();
            runs.add(train(STEPS)); // cold: the kernels start interpreted
            train(WARM_UP);         // long enough for C2 to compile the hot loops
            runs.add(train(STEPS));
            runs.add(train(STEPS));
            for (int r = 1; r < runs.size(); r++) {
                long[] a = runs.get(0);
                long[] b = runs.get(r);
                assertEquals(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    String what = i < STEPS ? "loss of step " + i : "parameter bits at " + (i - STEPS);
                    assertEquals(a[i], b[i], "run " + r + " differs from run 0 in the " + what);
                }
            }
        } finally {
            if (old == null) System.clearProperty("kiln.threads"); else System.setProperty("kiln.threads", old);
        }
    }

    /** The losses of every step (double bits), then every parameter's float bits after the last step. */
    private static long[] train(int steps) {
        Kiln.manualSeed(7);
        Tensor x = Tensor.randn(64, 784);
        Tensor y = Tensor.randint(0, 10, 64);
        Tensor w1 = Tensor.randn(256, 784).mul(0.05).requiresGrad(true);
        Tensor b1 = Tensor.randn(256).mul(0.05).requiresGrad(true);
        Tensor w2 = Tensor.randn(256, 256).mul(0.05).requiresGrad(true);
        Tensor b2 = Tensor.randn(256).mul(0.05).requiresGrad(true);
        Tensor w3 = Tensor.randn(10, 256).mul(0.05).requiresGrad(true);
        Tensor b3 = Tensor.randn(10).mul(0.05).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2, w3, b3};
        List<Long> out = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            Tensor h = F.relu(F.linear(x, w1, b1));
            h = F.relu(F.linear(h, w2, b2));
            Tensor loss = F.crossEntropy(F.linear(h, w3, b3), y);
            for (Tensor p : params) if (p.grad() != null) p.grad().zero_();
            loss.backward();
            try (var off = Kiln.noGrad()) {
                for (Tensor p : params) p.sub_(p.grad().mul(0.1));
            }
            out.add(Double.doubleToRawLongBits(loss.item()));
        }
        for (Tensor p : params) for (float v : p.toFloatArray()) out.add((long) Float.floatToRawIntBits(v));
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
