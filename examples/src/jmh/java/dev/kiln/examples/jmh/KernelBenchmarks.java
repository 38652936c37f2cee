package dev.kiln.examples.jmh;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
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
 * Kernel throughput under {@code no_grad}: add and sum over 16M float32 elements (add in place, 12 bytes moved
 * per element as PyTorch's {@code add(a, b, out=c)}), and {@code n x n} GEMM. {@code -p backend=...} picks the
 * backend, {@code -p threads=...} its thread count (system property {@code kiln.threads}, read when the backend
 * is created), {@code -p n=...} the GEMM size. Convert: add GB/s = 12 * 16Mi / time, sum GB/s = 4 * 16Mi / time,
 * GEMM GFLOPS = 2 n^3 / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class KernelBenchmarks {
    /** Backend name; empty for the runtime's default CPU backend. */
    @Param({""})
    public String backend;

    @Param({"2"})
    public int threads;

    @Param({"1024"})
    public int n;

    private KilnRuntime runtime;
    private Tensor big1;
    private Tensor big2;
    private Tensor ma;
    private Tensor mb;
    private boolean plus;

    @Setup
    public void setup() {
        System.setProperty("kiln.threads", Integer.toString(threads));
        var builder = Kiln.builder();
        if (!backend.isEmpty()) builder.backend(backend);
        runtime = builder.build();
        big1 = Tensor.randn(16 * 1024 * 1024);
        big2 = Tensor.randn(16 * 1024 * 1024);
        ma = Tensor.randn(n, n);
        mb = Tensor.randn(n, n);
    }

    @TearDown
    public void tearDown() { runtime.close(); }

    @Benchmark
    public Tensor add16M() {
        try (var off = Kiln.noGrad()) {
            plus = !plus;
            return plus ? big1.add_(big2) : big1.sub_(big2);
        }
    }

    @Benchmark
    public Tensor sum16M() {
        try (var off = Kiln.noGrad()) {
            return big1.sum();
        }
    }

    @Benchmark
    public Tensor gemm() {
        try (var off = Kiln.noGrad()) {
            return ma.mm(mb);
        }
    }
}
