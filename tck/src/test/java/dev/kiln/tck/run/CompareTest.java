package dev.kiln.tck.run;

import dev.kiln.DType;
import dev.kiln.tck.golden.GoldenCase.Tolerance;
import dev.kiln.tck.golden.GoldenCase.TensorData;
import dev.kiln.tck.report.CaseResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Compare} on measured values (no engine): missing, mistyped and misshapen gradients. */
class CompareTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-5);

    private static TensorData t(DType dtype, double... v) {
        return new TensorData(dtype, new int[] {v.length}, v);
    }

    private static Measured measured(TensorData out, String input, TensorData grad, DType leaf) {
        Map<String, TensorData> grads = new LinkedHashMap<>();
        grads.put(input, grad);
        return new Measured(out, true, grads, Map.of(input, leaf));
    }

    @Test
    void aMissingGradientFailsNamingTheInput() {
        TensorData out = t(DType.FLOAT32, 1, 2);
        Truth truth = new Truth(out, Map.of("x", t(DType.FLOAT64, 3, 4)));
        CaseResult r = Compare.against("c", "op", measured(out, "x", null, DType.FLOAT32), truth, TOL);
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertEquals("grad of input 'x': is None: backward did not reach this input", r.message());

        CaseResult notTracked = Compare.against("c", "op", new Measured(out, true, Map.of(), Map.of()), truth, TOL);
        assertEquals("grad of input 'x': is None: the input does not require grad", notTracked.message());

        CaseResult noBackward = Compare.against("c", "op", new Measured(out, false, Map.of(), Map.of()), truth, TOL);
        assertEquals("grad of input 'x': no backward ran, so no gradient was computed", noBackward.message());
    }

    @Test
    void aGradientMustHaveItsLeafsDtypeAndShape() {
        TensorData out = t(DType.FLOAT32, 1);
        Truth truth = new Truth(out, Map.of("x", t(DType.FLOAT64, 3, 4)));
        CaseResult dtype = Compare.against("c", "op", measured(out, "x", t(DType.FLOAT64, 3, 4), DType.FLOAT32), truth, TOL);
        assertEquals("grad of input 'x': dtype is float64, expected float32", dtype.message());
        CaseResult shape = Compare.against("c", "op", measured(out, "x", t(DType.FLOAT32, 3, 4, 5), DType.FLOAT32), truth, TOL);
        assertEquals("grad of input 'x': shape is [3], expected [2]", shape.message());
        CaseResult ok = Compare.against("c", "op", measured(out, "x", t(DType.FLOAT32, 3.0001, 4), DType.FLOAT32), truth, TOL);
        assertEquals(CaseResult.Status.PASS, ok.status(), ok.toString());
        assertEquals(1e-4, ok.maxAbsError(), 1e-9);
    }

    @Test
    void aGradientTheTruthSaysIsNoneMustBeNone() {
        TensorData out = t(DType.FLOAT64, 1);
        Map<String, TensorData> none = new LinkedHashMap<>();
        none.put("x", null);
        CaseResult r = Compare.against("c", "op", measured(out, "x", t(DType.FLOAT64, 0), DType.FLOAT64), new Truth(out, none), TOL);
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertTrue(r.message().startsWith("grad of input 'x': is float64[1] but must be None"), r.message());
    }
}
