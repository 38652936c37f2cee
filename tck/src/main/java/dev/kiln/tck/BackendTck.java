package dev.kiln.tck;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.tck.conformance.Conformance;
import dev.kiln.tck.golden.GoldenCase;
import dev.kiln.tck.golden.GoldenLoader;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.run.BackendTarget;
import dev.kiln.tck.samples.OpSample;
import dev.kiln.tck.samples.OpSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The technology compatibility kit for a backend, as JUnit 5 dynamic tests: a backend author
 * certifies a backend with one small subclass naming it.
 *
 * <pre>{@code
 * class SimdBackendTckTest extends BackendTck {
 *     @Override protected String backendName() { return "simd"; }
 * }
 * }</pre>
 *
 * Five test factories, one dynamic test per case: the golden suite forward and gradients against
 * PyTorch's float64 truth ({@link #golden()}), gradcheck and gradgradcheck against central finite
 * differences ({@link #gradcheck()}, {@link #gradgradcheck()}), every golden case and sample
 * against the reference backend ({@link #crossBackend()}), and the backend's fused kernels against its own
 * composed ops ({@link #fusedVsComposed()}). Every runtime is built with
 * {@code .backend(backendName())}, so the backend is forced (no fallback); a case the backend declares
 * it cannot run ({@link dev.kiln.spi.UnsupportedKernelException}) is reported as skipped, apart from
 * failures. Runtimes are opened one at a time and closed after each suite.
 */
public abstract class BackendTck {

    /** The provider name of the backend under test, e.g. {@code "simd"}. */
    protected abstract String backendName();

    /**
     * A fresh runtime builder (called once per runtime): override to give a plugins folder holding the
     * backend's jar, e.g. {@code Kiln.builder().pluginsDir(Path.of("target/plugins"))}. The TCK forces the
     * backend on it.
     */
    protected KilnRuntime.Builder runtimeBuilder() {
        return Kiln.builder();
    }

    /** The golden cases: the built-in suite unless overridden (e.g. with {@link GoldenLoader#load}). */
    protected GoldenLoader.Result goldenCases() {
        return GoldenLoader.loadBuiltIn();
    }

    /** The OpInfo-style samples of gradcheck, gradgradcheck and the cross-backend comparison. */
    protected List<OpSample> samples() {
        return OpSamples.all();
    }

    private BackendTarget target() {
        return new BackendTarget(backendName(), this::runtimeBuilder);
    }

    /** Each golden case, forward and gradients, on the backend under test. */
    @TestFactory
    Stream<DynamicTest> golden() {
        GoldenLoader.Result loaded = goldenCases();
        Stream<DynamicTest> loadErrors = loaded.errors().stream()
                .map(e -> DynamicTest.dynamicTest("load " + e.source(), () -> fail(e.message())));
        return Stream.concat(loadErrors, tests(Conformance.golden(target(), loaded.cases())));
    }

    /** Gradcheck of each sample on the backend under test (float64). */
    @TestFactory
    Stream<DynamicTest> gradcheck() {
        return tests(Conformance.gradcheck(target(), samples()));
    }

    /** Gradgradcheck of each twice-differentiable sample on the backend under test (float64). */
    @TestFactory
    Stream<DynamicTest> gradgradcheck() {
        return tests(Conformance.gradgradcheck(target(), samples()));
    }

    /**
     * Each golden case and each sample (float64 and float32) on the backend under test against the
     * reference backend, forward and gradients. Skipped for the reference backend itself, the oracle.
     */
    @TestFactory
    Stream<DynamicTest> crossBackend() {
        if (backendName().equals(Conformance.REFERENCE)) {
            return Stream.of(DynamicTest.dynamicTest("the reference backend is the oracle", () ->
                    Assumptions.abort("cross-backend compares a backend with '" + Conformance.REFERENCE + "'")));
        }
        List<GoldenCase> cases = goldenCases().cases();
        BackendTarget target = target();
        return tests(Conformance.cross(target.withName(Conformance.REFERENCE), target, cases, samples()));
    }

    /**
     * Each fused kernel the backend declares ({@code capabilities().fused()}) against the backend's own composed
     * ops: fused kernels on, then off ({@code KilnRuntime.Builder.fusedKernels(false)}), forward and gradients.
     * A call the kernel declines is skipped (reported), not failed; a backend without fused kernels has nothing
     * to run and says so.
     */
    @TestFactory
    Stream<DynamicTest> fusedVsComposed() {
        List<CaseResult> results = Conformance.fused(target());
        if (results.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("no fused kernels", () -> Assumptions.abort("backend '"
                    + backendName() + "' declares no fused kernels: fused-vs-composed has nothing to compare")));
        }
        return tests(results);
    }

    private static Stream<DynamicTest> tests(List<CaseResult> results) {
        return results.stream().map(r -> DynamicTest.dynamicTest(r.name() + " (" + r.op() + ")", () -> {
            switch (r.status()) {
                case PASS -> { }
                case UNSUPPORTED -> Assumptions.abort("unsupported: " + r.message());
                case FAIL, ERROR -> fail(r.status() + ": " + r.message());
            }
        }));
    }
}
