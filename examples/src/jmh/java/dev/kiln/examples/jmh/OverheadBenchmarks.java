package dev.kiln.examples.jmh;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.nn.F;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-op overhead: {@code tiny_add} (a + b on 1-element float32 tensors in grad mode, nothing requires grad)
 * and {@code linear10_step} (zero grads, cross_entropy(linear(x)), backward, SGD step on Linear(10, 10), batch 1),
 * the workloads of {@code kiln bench --only overhead}, the step written with the functional api (F.linear, a
 * hand-written SGD) so it measures core and the backend only. {@code -p backend=ref|simd} picks the backend
 * (default: the runtime's default CPU backend); {@code -prof gc} shows the bytes allocated per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-Dkiln.threads=1"})
public class OverheadBenchmarks {
    /** Backend name; empty for the runtime's default CPU backend. */
    @Param({""})
    public String backend;

    private KilnRuntime runtime;
    private Tensor a;
    private Tensor b;
    private Tensor w;
    private Tensor bias;
    private Tensor x;
    private Tensor y;

    @Setup
    public void setup() {
        var builder = Kiln.builder();
        if (!backend.isEmpty()) builder.backend(backend);
        runtime = builder.build();
        a = Tensor.randn(1);
        b = Tensor.randn(1);
        try (var off = Kiln.noGrad()) {
            w = Tensor.rand(10, 10).mul(0.6).sub(0.3);
            bias = Tensor.rand(10).mul(0.6).sub(0.3);
        }
        w.requiresGrad(true);
        bias.requiresGrad(true);
        x = Tensor.randn(1, 10);
        y = Tensor.of(new long[] {3});
    }

    @TearDown
    public void tearDown() { runtime.close(); }

    @Benchmark
    public Tensor tinyAdd() { return a.add(b); }

    @Benchmark
    public Tensor linear10Step() {
        try (var off = Kiln.noGrad()) {
            if (w.grad() != null) {
                w.grad().zero_();
                bias.grad().zero_();
            }
        }
        F.crossEntropy(F.linear(x, w, bias), y).backward();
        try (var off = Kiln.noGrad()) {
            w.sub_(w.grad().mul(0.01));
            bias.sub_(bias.grad().mul(0.01));
        }
        return w;
    }
}
