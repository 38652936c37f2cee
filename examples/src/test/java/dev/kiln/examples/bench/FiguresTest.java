package dev.kiln.examples.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Figure lines and Python's {@code :.4g}, and the timer's median, as {@code torch_figures.py} computes them. */
class FiguresTest {
    /** Output of examples/src/test/python/g4_cases.py (Python 3: {@code f"{v:.4g}"}). */
    private static final Object[][] PYTHON_G4 = {
        {0.8575, "0.8575"},
        {35.34, "35.34"},
        {1234.5, "1234"},
        {12345.0, "1.234e+04"},
        {183.21, "183.2"},
        {0.00012345, "0.0001234"},
        {1.2345e-05, "1.234e-05"},
        {1.0, "1"},
        {100.0, "100"},
        {2.5e-07, "2.5e-07"},
        {9.99951, "10"},
        {123456789.0, "1.235e+08"},
        {0.1, "0.1"},
        {0.0001, "0.0001"},
        {9999.4, "9999"},
        {9999.6, "1e+04"},
        {1.5, "1.5"},
        {2.5, "2.5"},
        {0.04856, "0.04856"},
        {52.0, "52"},
        {12345600000.0, "1.235e+10"},
    };

    @Test
    void formatsAsPythonG4() {
        for (Object[] c : PYTHON_G4) assertEquals(c[1], Figures.g4((Double) c[0]), "value " + c[0]);
    }

    @Test
    void printsOneLinePerFigure() {
        StringWriter s = new StringWriter();
        new Figures(new PrintWriter(s), "simd").put("tiny_add", 0.21234, "us");
        assertEquals("tiny_add simd 0.2123 us" + System.lineSeparator(), s.toString());
    }

    @Test
    void medianIsPythons() {
        assertEquals(2.0, Timer.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Timer.median(new double[] {4, 1, 3, 2}));
    }
}
