package dev.kiln.tck.gradcheck;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.tck.samples.OpSample;
import dev.kiln.tck.samples.OpSamples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gradcheck and gradgradcheck of every sample of the op table on the reference backend, one dynamic
 * test each; the run ends with a count of passed, failed and unsupported checks.
 */
class GradCheckTest {
    private static KilnRuntime runtime;
    private static final List<CheckResult> FIRST = Collections.synchronizedList(new ArrayList<>());
    private static final List<CheckResult> SECOND = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void referenceBackend() {
        runtime = Kiln.builder().backend("ref").build();
    }

    @AfterAll
    static void summary() {
        runtime.close();
        System.out.println("[gradcheck] " + tally(FIRST) + "; [gradgradcheck] " + tally(SECOND));
        System.out.println("[gradcheck] failing by op: " + failingByOp(FIRST));
        System.out.println("[gradgradcheck] failing by op: " + failingByOp(SECOND));
        System.out.println("[gradcheck] closest passes: " + closest(FIRST));
        System.out.println("[gradgradcheck] closest passes: " + closest(SECOND));
    }

    /** The passing checks with the largest absolute error: how much margin the tolerance leaves. */
    private static String closest(List<CheckResult> results) {
        return results.stream().filter(CheckResult::passed)
                .sorted(java.util.Comparator.comparingDouble(CheckResult::maxAbsErr).reversed()).limit(3)
                .map(r -> r.sample() + " (max abs err " + r.maxAbsErr() + ")").toList().toString();
    }

    private static String failingByOp(List<CheckResult> results) {
        Map<String, Integer> byOp = new TreeMap<>();
        for (CheckResult r : results) if (r.failed()) byOp.merge(r.op(), 1, Integer::sum);
        return byOp.isEmpty() ? "none" : byOp.toString();
    }

    private static String tally(List<CheckResult> results) {
        long passed = results.stream().filter(CheckResult::passed).count();
        long unsupported = results.stream().filter(CheckResult::unsupported).count();
        return passed + " passed, " + (results.size() - passed - unsupported) + " failed, " + unsupported + " unsupported";
    }

    @TestFactory
    Stream<DynamicTest> gradcheck() {
        return OpSamples.all().stream().map(s -> DynamicTest.dynamicTest("gradcheck " + s.name(), () -> {
            CheckResult r = GradCheck.gradcheck(s);
            FIRST.add(r);
            assertTrue(r.passed(), r.toString());
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradgradcheck() {
        return OpSamples.all().stream().filter(OpSample::twiceDifferentiable)
                .map(s -> DynamicTest.dynamicTest("gradgradcheck " + s.name(), () -> {
                    CheckResult r = GradCheck.gradgradcheck(s);
                    SECOND.add(r);
                    assertTrue(r.passed(), r.toString());
                }));
    }
}
