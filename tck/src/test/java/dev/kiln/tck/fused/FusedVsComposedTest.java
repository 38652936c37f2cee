package dev.kiln.tck.fused;

import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.tck.report.CaseResult;
import dev.kiln.tck.report.CaseResult.Status;
import dev.kiln.tck.run.BackendTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused-vs-composed suite on a fixture backend: right kernels pass (float64) and the calls they decline
 * (float32, non-contiguous) are unsupported, a wrong kernel fails, a declining kernel is unsupported, a declared
 * kernel that {@code fused()} does not return fails, and a backend without fused kernels has no cases.
 */
class FusedVsComposedTest {
    @TempDir Path tmp;

    private List<CaseResult> run(FusedFixtureBackend.Mode mode) {
        return FusedVsComposed.run(new BackendTarget(FusedFixtureBackend.NAME,
                () -> new RuntimeBuilder().pluginsDir(tmp.resolve("none")).module(FusedFixtureBackend.module(mode))));
    }

    private static long count(List<CaseResult> rs, Status s) {
        return rs.stream().filter(r -> r.status() == s).count();
    }

    @Test
    void rightKernelsPassAndDeclinedCallsAreReportedApart() {
        List<CaseResult> rs = run(FusedFixtureBackend.Mode.RIGHT);
        assertEquals(0, count(rs, Status.FAIL) + count(rs, Status.ERROR), rs.toString());
        assertTrue(rs.stream().anyMatch(r -> r.passed() && r.name().startsWith("softmax dim -1 [3, 4099] float64")), rs.toString());
        assertTrue(rs.stream().anyMatch(r -> r.passed() && r.op().equals("sgd_step")), rs.toString());
        CaseResult declined = rs.stream().filter(r -> r.name().equals("softmax dim -1 [7, 13] float32")).findFirst().orElseThrow();
        assertEquals(Status.UNSUPPORTED, declined.status());
        assertTrue(declined.message().startsWith("SoftmaxKernel declined"), declined.message());
    }

    @Test
    void aWrongKernelFailsNamingTheTensor() {
        List<CaseResult> rs = run(FusedFixtureBackend.Mode.WRONG);
        CaseResult r = rs.stream().filter(x -> x.name().equals("softmax dim -1 [7, 13] float64")).findFirst().orElseThrow();
        assertEquals(Status.FAIL, r.status(), r.toString());
        assertTrue(r.message().startsWith("output: "), r.message());
        assertTrue(rs.stream().filter(x -> x.op().equals("sgd_step")).allMatch(x -> x.status() != Status.FAIL));
    }

    @Test
    void aKernelThatDeclinesEverythingIsUnsupportedNotFailed() {
        List<CaseResult> rs = run(FusedFixtureBackend.Mode.DECLINE);
        assertEquals(rs.size(), count(rs, Status.UNSUPPORTED), rs.toString());
    }

    @Test
    void aDeclaredKernelThatIsNotOfferedFails() {
        List<CaseResult> rs = run(FusedFixtureBackend.Mode.MISSING);
        assertTrue(rs.stream().anyMatch(r -> r.status() == Status.FAIL && r.message().contains(
                "declares SgdStepKernel in capabilities().fused() but fused(SgdStepKernel) is empty")), rs.toString());
        assertTrue(rs.stream().filter(r -> r.op().equals("sgd_step")).allMatch(r -> r.status() == Status.FAIL), rs.toString());
    }

    @Test
    void theReferenceBackendHasNothingToCompare() {
        BackendTarget ref = new BackendTarget("ref", () -> new RuntimeBuilder().pluginsDir(tmp.resolve("none")));
        assertTrue(FusedVsComposed.declared(ref).isEmpty());
        assertEquals(List.of(), FusedVsComposed.run(ref));
    }
}
