package dev.kiln.tck.golden;

import dev.kiln.DType;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.tck.plugins.PartialProvider;
import dev.kiln.tck.report.CaseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GoldenRunner#run}: forward and backward on the engine, every input's grad judged and named. */
class GoldenGradientTest {

    @TempDir
    Path dir;

    private static GoldenCase builtIn(String name) {
        return GoldenLoader.loadBuiltIn().cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static GoldenCase withGrad(GoldenCase c, String input, double[] values) {
        Map<String, GoldenCase.TensorData> grads = new HashMap<>(c.grads());
        GoldenCase.TensorData g = grads.get(input);
        grads.put(input, new GoldenCase.TensorData(g.dtype(), g.shape(), values));
        return new GoldenCase(c.source(), c.name(), c.op(), c.inputs(), c.kwargs(), c.output(), c.gradOutput(), grads,
                c.tolerance());
    }

    @Test
    void aWrongGradTruthFailsNamingTheInputAndTheWorstElement() {
        GoldenCase good = builtIn("mul_same_f64");
        CaseResult ok = GoldenRunner.run(good);
        assertEquals(CaseResult.Status.PASS, ok.status(), ok.toString());

        double[] truth = good.grads().get("other").data().clone();
        truth[5] += 1e-6; // far outside rtol 1e-10
        CaseResult r = GoldenRunner.run(withGrad(good, "other", truth));
        assertEquals(CaseResult.Status.FAIL, r.status(), r.toString());
        assertEquals("grad of input 'other'", r.tensor());
        int[] shape = good.grads().get("other").shape();
        assertArrayEquals(new int[] {5 / shape[1], 5 % shape[1]}, r.worstIndex());
        assertTrue(r.message().startsWith("grad of input 'other': 1 of " + truth.length + " elements outside rtol="),
                r.message());
        assertTrue(r.maxAbsError() >= 1e-6 * 0.99, r.toString());
    }

    @Test
    void theGradientOfAViewedInputIsTheStoredLeafs() throws IOException {
        // input is stored [[1,2],[3,4]] and seen permuted: the leaf's grad is grad_output transposed
        String leafGrad = "[1, 3, 2, 4]";
        String viewGrad = "[1, 2, 3, 4]";
        String template = """
                {"schema": "golden/1", "name": "NAME", "op": "sub",
                 "inputs": [{"name": "input", "dtype": "float64", "shape": [2, 2], "data": [1, 2, 3, 4],
                             "requires_grad": true, "view": {"permute": [1, 0]}},
                            {"name": "other", "dtype": "float64", "shape": [2], "data": [0.5, -0.5], "requires_grad": true}],
                 "output": {"dtype": "float64", "shape": [2, 2], "data": [0.5, 3.5, 1.5, 4.5]},
                 "grad_output": {"dtype": "float64", "shape": [2, 2], "data": [1, 2, 3, 4]},
                 "grads": {"input": {"dtype": "float64", "shape": [2, 2], "data": GRAD},
                           "other": {"dtype": "float64", "shape": [2], "data": [-4, -6]}},
                 "tolerance": {"rtol": 0, "atol": 0}}
                """;
        Files.writeString(dir.resolve("leaf.json"), template.replace("NAME", "leaf").replace("GRAD", leafGrad));
        Files.writeString(dir.resolve("view.json"), template.replace("NAME", "view").replace("GRAD", viewGrad));
        GoldenLoader.Result loaded = GoldenLoader.load(dir);
        assertEquals(List.of(), loaded.errors());
        List<CaseResult> results = GoldenRunner.run(loaded.cases());
        assertEquals(CaseResult.Status.PASS, results.get(0).status(), results.get(0).toString());
        CaseResult wrong = results.get(1);
        assertEquals(CaseResult.Status.FAIL, wrong.status(), wrong.toString());
        assertEquals("grad of input 'input'", wrong.tensor());
        assertTrue(wrong.message().contains("worst at [0, 1]: got 3.0, expected 2.0"), wrong.message());
    }

    @Test
    void aWrongOutputIsNamedFirstAndTheWrongGradsListed() {
        GoldenCase good = builtIn("mul_same_f64");
        double[] out = good.output().data().clone();
        out[0] += 1;
        double[] g = good.grads().get("input").data().clone();
        g[0] += 1;
        GoldenCase c = withGrad(good, "input", g);
        c = new GoldenCase(c.source(), c.name(), c.op(), c.inputs(), c.kwargs(),
                new GoldenCase.TensorData(good.output().dtype(), good.output().shape(), out), c.gradOutput(), c.grads(),
                c.tolerance());
        CaseResult r = GoldenRunner.run(c);
        assertEquals("output", r.tensor());
        assertTrue(r.message().startsWith("output: 1 of "), r.message());
        assertTrue(r.message().endsWith("; also wrong: grad of input 'input'"), r.message());
    }

    @Test
    void forwardOnlyCasesCompareTheOutputAlone() throws IOException {
        Files.writeString(dir.resolve("x.json"), """
                {"schema": "golden/1", "name": "tiny", "op": "exp",
                 "inputs": [{"name": "input", "dtype": "float64", "shape": [1], "data": [0.0], "requires_grad": true}],
                 "output": {"dtype": "float64", "shape": [1], "data": [1.0]},
                 "tolerance": {"rtol": 0, "atol": 0}}
                """);
        CaseResult r = GoldenRunner.run(GoldenLoader.load(dir).cases().get(0));
        assertEquals(CaseResult.Status.PASS, r.status(), r.toString());
        assertNull(r.tensor());
    }

    @Test
    void aKernelTheBackendLacksIsUnsupportedNotAnError() {
        GoldenCase exp = builtIn("exp");
        GoldenCase add = builtIn("add_same");
        try (var rt = new RuntimeBuilder().pluginsDir(dir).backend("partial")
                .module(PartialProvider.module()).build()) {
            CaseResult u = GoldenRunner.run(exp);
            assertEquals(CaseResult.Status.UNSUPPORTED, u.status(), u.toString());
            assertTrue(u.message().startsWith("forward: exp: backend 'partial' does not support kernel UNARY"), u.message());
            assertEquals(CaseResult.Status.PASS, GoldenRunner.run(add).status(), "what the backend has still runs");
        }
    }

    @Test
    void float32CasesGetGradientsInTheLeafsDtype() {
        CaseResult r = GoldenRunner.run(builtIn("mul_same"));
        assertEquals(CaseResult.Status.PASS, r.status(), r.toString());
        assertEquals(DType.FLOAT32, builtIn("mul_same").inputs().get(0).stored().dtype());
    }
}
