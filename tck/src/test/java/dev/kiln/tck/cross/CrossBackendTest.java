package dev.kiln.tck.cross;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.tck.golden.GoldenCase;
import dev.kiln.tck.golden.GoldenLoader;
import dev.kiln.tck.golden.GoldenTrial;
import dev.kiln.tck.plugins.PartialProvider;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.run.BackendTarget;
import dev.kiln.tck.run.Trial;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CrossBackend}: strict (no fallback), unsupported apart from failed, a difference is found and named. */
class CrossBackendTest {

    private static final BackendTarget REF = BackendTarget.of("ref");
    private static final BackendTarget PARTIAL = new BackendTarget("partial",
            () -> new RuntimeBuilder().module(PartialProvider.module()));

    private static List<GoldenCase> cases(String... names) {
        List<String> wanted = List.of(names);
        return GoldenLoader.loadBuiltIn().cases().stream().filter(c -> wanted.contains(c.name())).toList();
    }

    @Test
    void aForcedBackendLackingAKernelIsUnsupportedWhileTheRestIsCompared() {
        List<CaseResult> r = CrossBackend.compare(REF, PARTIAL, CrossBackend.golden(cases("exp_f64", "mul_same_f64")));
        assertEquals(CaseResult.Status.UNSUPPORTED, r.get(0).status(), r.get(0).toString());
        assertTrue(r.get(0).message().contains("backend 'partial' does not support kernel UNARY"), r.get(0).message());
        assertEquals(CaseResult.Status.PASS, r.get(1).status(), r.get(1).toString());
        assertEquals(0.0, r.get(1).maxAbsError(), "the same kernels give the same bits");
    }

    @Test
    void aDifferenceFromTheReferenceFailsNamingTheTensor() {
        // the trial adds a tiny amount on every backend but the reference: the cross comparison must see it
        GoldenCase mul = cases("mul_same_f64").get(0);
        Trial skewed = new Skewed(mul);
        List<CaseResult> r = CrossBackend.compare(REF, PARTIAL,
                List.of(new CrossBackend.Item(skewed, CrossTolerance.of(DType.FLOAT64))));
        assertEquals(CaseResult.Status.FAIL, r.get(0).status(), r.get(0).toString());
        assertEquals("output", r.get(0).tensor());
        assertTrue(r.get(0).message().endsWith("also wrong: grad of input 'input', grad of input 'other'"), r.get(0).message());
    }

    @Test
    void anUnknownBackendDoesNotOpen() {
        BackendTarget missing = BackendTarget.of("no-such-backend");
        assertThrows(RuntimeException.class, missing::open);
    }

    /** mul, times (1 + 1e-9) on any backend other than ref: what a subtly wrong kernel looks like. */
    private record Skewed(GoldenCase c) implements Trial {
        @Override public String name() { return c.name(); }
        @Override public String op() { return c.op(); }
        @Override public List<String> inputNames() { return new GoldenTrial(c).inputNames(); }
        @Override public List<Tensor> leaves() { return new GoldenTrial(c).leaves(); }

        @Override
        public Tensor apply(List<Tensor> leaves) {
            Tensor out = new GoldenTrial(c).apply(leaves);
            boolean ref = dev.kiln.Kiln.runtime().backend(dev.kiln.Device.CPU).name().equals("ref");
            return ref ? out : out.mul(1 + 1e-9);
        }

        @Override public Tensor gradOutput(Tensor output) { return new GoldenTrial(c).gradOutput(output); }
    }
}
