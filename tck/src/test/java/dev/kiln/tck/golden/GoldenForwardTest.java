package dev.kiln.tck.golden;

import dev.kiln.DType;
import dev.kiln.tck.report.CaseResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The forward result of every case of the built-in golden suite, on the current runtime's
 * backend, within the case's tolerance; and that any directory of cases runs the same way.
 */
class GoldenForwardTest {

    @TempDir
    Path dir;

    private static void assertPasses(GoldenCase c) {
        CaseResult r = GoldenRunner.runForward(c);
        if (!r.passed()) fail(r.toString() + " [" + c.source() + "]");
    }

    @TestFactory
    Stream<DynamicTest> builtInSuiteForward() {
        GoldenLoader.Result loaded = GoldenLoader.loadBuiltIn();
        Stream<DynamicTest> loadErrors = loaded.errors().stream()
                .map(e -> DynamicTest.dynamicTest("load " + e.source(), () -> fail(e.message())));
        Stream<DynamicTest> cases = loaded.cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name() + " (" + c.op() + ")", () -> assertPasses(c)));
        return Stream.concat(loadErrors, cases);
    }

    @Test
    void anyDirectoryOfCasesRuns() throws IOException {
        // names and count unrelated to the built-in suite's files
        Files.writeString(dir.resolve("zz-first.json"), GoldenLoaderTest.builtIn("softmax_f64.json")
                .replace("\"name\":\"softmax_f64\"", "\"name\":\"renamed softmax\""));
        Files.writeString(dir.resolve("001.json"), """
                {"schema": "golden/1", "name": "hand-written sub", "op": "sub",
                 "inputs": [{"name": "input", "dtype": "float64", "shape": [2, 2], "data": [1, 2, 3, 4],
                             "requires_grad": false, "view": {"permute": [1, 0]}},
                            {"name": "other", "dtype": "float64", "shape": [2], "data": [0.5, -0.5]}],
                 "output": {"dtype": "float64", "shape": [2, 2], "data": [0.5, 3.5, 1.5, 4.5]},
                 "tolerance": {"rtol": 0, "atol": 0}}
                """);
        Files.writeString(dir.resolve("scalar.json"), """
                {"schema": "golden/1", "name": "0-d exp", "op": "exp",
                 "inputs": [{"name": "input", "dtype": "float64", "shape": [], "data": [0.0]}],
                 "output": {"dtype": "float64", "shape": [], "data": [1.0]},
                 "tolerance": {"rtol": 1e-12, "atol": 0}}
                """);
        GoldenLoader.Result r = GoldenLoader.load(dir);
        assertEquals(List.of(), r.errors());
        assertEquals(3, r.cases().size());
        for (CaseResult result : GoldenRunner.runForward(r.cases())) {
            assertTrue(result.passed(), result.toString());
        }
    }

    @Test
    void aWrongTruthFailsWithTheWorstElement() {
        GoldenCase good = GoldenLoader.loadBuiltIn().cases().stream()
                .filter(c -> c.op().equals("conv2d") && c.output().dtype() == DType.FLOAT32)
                .findFirst().orElseThrow();
        double[] truth = good.output().data().clone();
        int k = truth.length / 2;
        truth[k] += 1e-3; // ten times the float32 tolerance at |x| ~ 1
        GoldenCase bad = new GoldenCase(good.source(), good.name(), good.op(), good.inputs(), good.kwargs(),
                new GoldenCase.TensorData(good.output().dtype(), good.output().shape(), truth), good.gradOutput(),
                good.grads(), good.tolerance());
        CaseResult r = GoldenRunner.runForward(bad);
        assertEquals(CaseResult.Status.FAIL, r.status(), r.toString());
        int[] shape = good.output().shape();
        int[] expected = new int[shape.length];
        for (int d = shape.length - 1, f = k; d >= 0; d--) {
            expected[d] = f % shape[d];
            f /= shape[d];
        }
        assertArrayEquals(expected, r.worstIndex(), r.toString());
        assertTrue(r.message().startsWith("output: 1 of " + truth.length + " elements outside"), r.message());
    }
}
